using TorchAe.Reporting.Csv;
using TorchAe.Tests.Support;
using TorchAe.Training;

namespace TorchAe.Tests.Reporting.Csv;

public sealed class MetricsCsvSinkTests : IDisposable
{
    private readonly TempFolder dir = new();

    public void Dispose() => dir.Dispose();

    private string MetricsPath => dir.File("metrics.csv");

    /// <summary>Reads the file through another handle while the sink still has it open.</summary>
    private List<string> LinesOnDisk()
    {
        using var stream = new FileStream(MetricsPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
    }

    [Fact]
    public void Epoch_EachCall_IsInTheFileBeforeTheNext()
    {
        var rows = Samples.Run(3, 0, 0);
        using var sink = MetricsCsvSink.Create(dir.Path);
        Assert.Single(LinesOnDisk());
        for (int i = 0; i < rows.Count; i++)
        {
            sink.Epoch(rows[i]);
            Assert.Equal(i + 2, LinesOnDisk().Count);
        }
        Assert.Equal(rows, MetricsCsv.Read(MetricsPath));
    }

    [Fact]
    public void CheckpointPending_RowsAndGradientsSoFar_AreInTheFilesAndWritingGoesOn()
    {
        var rows = Samples.Run(4, 0, 0);
        using var sink = MetricsCsvSink.Create(dir.Path);
        sink.CheckpointPending();   // before any row and before gradients.csv exists
        sink.Epoch(rows[0]);
        sink.Epoch(rows[1]);
        sink.GradientNorms([new LayerGradientNorm("finetune", 1, 2, 0.5, 0.25)]);
        sink.CheckpointPending();
        Assert.Equal(3, LinesOnDisk().Count);
        Assert.Equal(2, File.ReadAllLines(dir.File(GradientsCsv.FileName)).Length);
        sink.Epoch(rows[2]);
        sink.Epoch(rows[3]);
        Assert.Equal(rows.Take(4), MetricsCsv.Read(MetricsPath));
    }

    [Fact]
    public void Dispose_Twice_ClosesOnceAndKeepsTheRows()
    {
        var rows = Samples.Run(2, 0, 0);
        var sink = MetricsCsvSink.Create(dir.Path);
        sink.Epoch(rows[0]);
        sink.Dispose();
        sink.Dispose();
        Assert.Equal(rows.Take(1), MetricsCsv.Read(MetricsPath));
        Assert.ThrowsAny<ObjectDisposedException>(() => sink.Epoch(rows[1]));
    }

    [Fact]
    public void Create_ExistingFile_StartsOver()
    {
        MetricsCsv.Write(MetricsPath, Samples.Run(3, 2, 2));
        using (MetricsCsvSink.Create(dir.Path)) { }
        Assert.Empty(MetricsCsv.Read(MetricsPath));
    }

    [Fact]
    public void Resume_KeepsFirstNRows_ThenAppends()
    {
        var rows = Samples.Run(4, 3, 3);
        using (var first = MetricsCsvSink.Create(dir.Path))
            foreach (var r in rows) first.Epoch(r);
        var firstLines = File.ReadAllLines(MetricsPath);
        var extra = rows[0] with { Stage = "finetune", Epoch = 99 };

        using (var resumed = MetricsCsvSink.Resume(dir.Path, keepRows: 5))
            resumed.Epoch(extra);

        Assert.Equal([.. rows.Take(5), extra], MetricsCsv.Read(MetricsPath));
        Assert.Equal(firstLines.Take(6), File.ReadAllLines(MetricsPath).Take(6));
    }

    [Fact]
    public void Resume_RowCutByAKill_IsNotCounted()
    {
        var rows = Samples.Run(3, 0, 0);
        MetricsCsv.Write(MetricsPath, rows);
        File.AppendAllText(MetricsPath, "pretrain,2,4,0.12");

        using (MetricsCsvSink.Resume(dir.Path, keepRows: rows.Count)) { }

        Assert.Equal(rows, MetricsCsv.Read(MetricsPath));
        Assert.Throws<InvalidDataException>(() => MetricsCsvSink.Resume(dir.Path, keepRows: rows.Count + 1));
    }

    [Fact]
    public void Resume_FewerRowsThanTheCheckpoint_ThrowsAndLeavesTheFile()
    {
        MetricsCsv.Write(MetricsPath, Samples.Run(2, 0, 0));
        var before = File.ReadAllText(MetricsPath);
        var e = Assert.Throws<InvalidDataException>(() => MetricsCsvSink.Resume(dir.Path, keepRows: 9));
        Assert.Contains("has 4 complete rows; resuming needs its first 9", e.Message);
        Assert.Equal(before, File.ReadAllText(MetricsPath));
    }

    [Fact]
    public void Resume_NoFileAndNoRows_StartsANewFile()
    {
        using (var sink = MetricsCsvSink.Resume(dir.Path, keepRows: 0))
            sink.Epoch(Samples.Run(1, 0, 0)[0]);
        Assert.Single(MetricsCsv.Read(MetricsPath));
        File.Delete(MetricsPath);
        Assert.Throws<InvalidDataException>(() => MetricsCsvSink.Resume(dir.Path, keepRows: 1));
    }

    [Fact]
    public void LayerCompleted_Units_WritesUnitsCsvBesideMetrics()
    {
        var units = Samples.Units(7, 0.05, seed: 1);
        using (var sink = MetricsCsvSink.Create(dir.Path))
            sink.LayerCompleted(2, units);
        Assert.Equal(units, UnitsCsv.Read(dir.File("units-layer2.csv")));
    }

    [Fact]
    public void Epoch_AfterDispose_Throws()
    {
        var sink = MetricsCsvSink.Create(dir.Path);
        sink.Dispose();
        Assert.Throws<ObjectDisposedException>(() => sink.Epoch(Samples.Run(1, 0, 0)[0]));
    }
}
