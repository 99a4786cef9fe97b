using TorchAe.Reporting.Csv;
using TorchAe.Reporting.Plots;
using TorchAe.Tests.Support;
using TorchAe.Training;

namespace TorchAe.Tests.Reporting.Csv;

public sealed class GradientsCsvTests : IDisposable
{
    private readonly TempFolder dir = new();

    public void Dispose() => dir.Dispose();

    private string GradientsPath => dir.File(GradientsCsv.FileName);

    /// <summary>Three layers (two encoders and the head) per fine-tuning epoch, with values that need all 17 digits.</summary>
    private static List<LayerGradientNorm> Epoch(int epoch) =>
        Enumerable.Range(1, 3).Select(l => new LayerGradientNorm("finetune", l, epoch, 0.1 / (l * epoch + 0.3), Math.PI * 1e-7 * l)).ToList();

    [Fact]
    public void GradientNorms_EachEpoch_AppendsRowsUnderTheContractHeader()
    {
        using (var sink = MetricsCsvSink.Create(dir.Path))
        {
            Assert.False(File.Exists(GradientsPath));
            sink.GradientNorms(Epoch(1));
            sink.GradientNorms(Epoch(2));
        }
        var lines = File.ReadAllLines(GradientsPath);
        Assert.Equal("stage,layer,epoch,grad_norm_weights,grad_norm_bias", lines[0]);
        Assert.Equal(7, lines.Length);
        Assert.Equal([.. Epoch(1), .. Epoch(2)], GradientsCsv.Read(GradientsPath));
    }

    [Fact]
    public void Create_ReplacedRun_DropsTheOldGradients()
    {
        GradientsCsv.Write(GradientsPath, Epoch(1));
        using (MetricsCsvSink.Create(dir.Path)) { }
        Assert.False(File.Exists(GradientsPath));
    }

    /// <summary>A run resumed from a checkpoint that has seen 2 fine-tuning epochs keeps exactly their gradient rows.</summary>
    [Fact]
    public void Resume_KeepsTheRowsOfTheEpochsMetricsKeeps()
    {
        var metrics = Samples.Run(2, 0, 4);
        using (var first = MetricsCsvSink.Create(dir.Path))
            foreach (var m in metrics)
            {
                first.Epoch(m);
                if (m.Stage == "finetune") first.GradientNorms(Epoch(m.Epoch));
            }
        using (var resumed = MetricsCsvSink.Resume(dir.Path, keepRows: 6))
            resumed.GradientNorms(Epoch(3));
        Assert.Equal([.. Epoch(1), .. Epoch(2), .. Epoch(3)], GradientsCsv.Read(GradientsPath));
    }

    [Fact]
    public void Read_OtherColumns_ThrowsNamingTheFile()
    {
        File.WriteAllText(GradientsPath, "stage,layer,epoch,grad_norm\nfinetune,1,1,0.5\n");
        var e = Assert.Throws<InvalidDataException>(() => GradientsCsv.Read(GradientsPath));
        Assert.Contains(GradientsPath, e.Message);
    }

    [Fact]
    public void Plot_TwoEncodersAndHead_WritesAPng()
    {
        var path = dir.File(GradientNormsPlot.FileName);
        GradientNormsPlot.Write(path, [.. Epoch(1), .. Epoch(2), .. Epoch(3)], "test");
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, File.ReadAllBytes(path).Take(4));
    }
}
