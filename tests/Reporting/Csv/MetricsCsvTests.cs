using TorchAe.Reporting.Csv;
using CsvHelper;
using TorchAe.Tests.Support;
using TorchAe.Training;

namespace TorchAe.Tests.Reporting.Csv;

public sealed class MetricsCsvTests : IDisposable
{
    private readonly TempFolder dir = new();

    public void Dispose() => dir.Dispose();

    private const string Header =
        "stage,layer,epoch,loss,reconstruction,weight_decay,sparsity,rho_hat_mean,rho_hat_min,rho_hat_max,train_accuracy,validation_accuracy,learning_rate,grad_norm,seconds,evaluations,contraction";

    [Fact]
    public void Write_AnyRows_HeaderIsExactlyTheColumns()
    {
        var path = dir.File("metrics.csv");
        MetricsCsv.Write(path, Samples.Run(3, 2, 2));
        Assert.Equal(Header, File.ReadLines(path).First());
        Assert.Equal(Header, string.Join(",", MetricsCsv.Columns));
    }

    [Fact]
    public void Write_NullMetrics_AreEmptyCells()
    {
        var path = dir.File("metrics.csv");
        MetricsCsv.Write(path, [new EpochMetrics { Stage = "classifier", Layer = 2, Epoch = 7, Loss = 0.5, TrainAccuracy = 0.25, Seconds = 1.5 }]);
        Assert.Equal([Header, "classifier,2,7,0.5,,,,,,,0.25,,,,1.5,,"], File.ReadAllLines(path));
    }

    [Fact]
    public void Read_WrittenRows_RoundTripWithNullsAndBitExactDoubles()
    {
        var rows = Samples.Run(5, 3, 3);
        rows.Add(new EpochMetrics
        {
            Stage = "pretrain", Layer = 3, Epoch = 1, Loss = 0.1 + 0.2, Terms = new(("reconstruction", double.Epsilon), ("weight_decay", 1e-300), ("sparsity", Math.PI), ("contraction", 0.7)),
            RhoHatMean = 1.0 / 3, RhoHatMin = -0.0, RhoHatMax = double.MaxValue, GradNorm = double.NaN,
            LearningRate = double.PositiveInfinity, Seconds = 123456789.123456789,
        });
        var path = dir.File("metrics.csv");
        MetricsCsv.Write(path, rows);

        var back = MetricsCsv.Read(path);

        Assert.Equal(rows, back);
        Assert.Equal(BitConverter.DoubleToInt64Bits(0.1 + 0.2), BitConverter.DoubleToInt64Bits(back[^1].Loss));
        Assert.Null(back[0].TrainAccuracy);
        Assert.Null(back[^2].Terms["reconstruction"]);
    }

    [Fact]
    public void Write_Doubles_AreRoundTripTextInInvariantCulture()
    {
        var previous = Thread.CurrentThread.CurrentCulture;
        Thread.CurrentThread.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
        try
        {
            var path = dir.File("metrics.csv");
            MetricsCsv.Write(path, [new EpochMetrics { Stage = "finetune", Layer = 2, Epoch = 1, Loss = 0.1 + 0.2, Seconds = 2.5e-7 }]);
            Assert.Equal("finetune,2,1,0.30000000000000004,,,,,,,,,,,2.5E-07,,", File.ReadAllLines(path)[1]);
        }
        finally
        {
            Thread.CurrentThread.CurrentCulture = previous;
        }
    }

    [Fact]
    public void Read_OtherColumns_ThrowsNamingThem()
    {
        var path = dir.File("metrics.csv");
        File.WriteAllText(path, "stage,layer,epoch,loss\npretrain,1,1,0.5\n");
        var e = Assert.Throws<InvalidDataException>(() => MetricsCsv.Read(path));
        Assert.Contains("got stage,layer,epoch,loss", e.Message);
    }

    /// <summary>Run folders written before the contraction column (its header the columns less the last) still read.</summary>
    [Fact]
    public void Read_FileWithoutTheContractionColumn_ReadsItEmpty()
    {
        var path = dir.File("metrics.csv");
        File.WriteAllText(path, Header[..Header.LastIndexOf(',')] + "\npretrain,1,1,0.25,,,,,,,,,,,1.5,3\n");
        var row = Assert.Single(MetricsCsv.Read(path));
        Assert.Equal((0.25, 1.5, (int?)3, (double?)null), (row.Loss, row.Seconds, row.Evaluations, row.Terms["contraction"]));
    }

    [Fact]
    public void Read_CellThatIsNotANumber_Throws()
    {
        var path = dir.File("metrics.csv");
        File.WriteAllText(path, Header + "\npretrain,1,1,abc,,,,,,,,,,,1\n");
        Assert.Throws<CsvFormatException>(() => MetricsCsv.Read(path));
    }
}
