using System.Globalization;
using TorchAe.Benchmarks;
using TorchAe.Cli;
using TorchAe.Tests.Support;

namespace TorchAe.Tests.Benchmarks;

public sealed class TrainingBenchmarkTests : IDisposable
{
    readonly TempFolder temp = new();
    string folder => temp["bench"];

    public void Dispose() => temp.Dispose();

    /// <summary>Every row of the real table, each timed for a couple of steps on 128 samples.</summary>
    static readonly BenchmarkSettings Tiny = new()
    {
        Samples = 128, MiniBatch = 64, WarmupSteps = 0, Steps = 2, WarmupEpochs = 0, Epochs = 1, Rounds = 1, RssSteps = (2, 4),
        DenoisingWarmupEpochs = 0, DenoisingEpochs = 1,
    };

    [Fact]
    public void Run_TinySettings_WritesOneParsableRowPerWorkloadSourceDtypeBatch()
    {
        var report = TrainingBenchmark.Run(Tiny);
        var path = Path.Combine(folder, "bench.csv");
        BenchmarkCsv.Write(path, report.Rows);

        var lines = File.ReadAllLines(path);
        Assert.Equal("workload,source,dtype,batch,median_ms,p90_ms,samples_per_s,gflops,efficiency,rss_mb,page_faults_per_step", lines[0]);
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToList();
        var expected = from w in new[] { "ae-900-100", "ae-100-50", "ae-784-200", "softmax-50-4", "finetune-900-100-50-4" }
                       from s in new[] { "autograd", "hand" }
                       from d in new[] { "float32", "float64" }
                       from b in new[] { "128", "64" }
                       select $"{w},{s},{d},{b}";
        // the SdA layers: float32 at the protocol's batch 1 and at 10 and 128
        expected = expected.Concat(from w in new[] { "sda-784-1000", "sda-1000-1000" }
                                   from s in new[] { "autograd", "hand" }
                                   from b in new[] { "1", "10", "128" }
                                   select $"{w},{s},float32,{b}");
        Assert.Equal(expected.Order(), rows.Select(r => string.Join(",", r.Take(4))).Order());
        foreach (var row in rows)
        {
            Assert.Equal(11, row.Length);
            foreach (var cell in row.Skip(4).Take(6))
                Assert.True(double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v > 0 && double.IsFinite(v), $"{string.Join(",", row)}: '{cell}'");
            Assert.True(double.Parse(row[5], CultureInfo.InvariantCulture) >= double.Parse(row[4], CultureInfo.InvariantCulture), "p90 below the median");
            // page_faults_per_step: a count, 0 when every step reuses memory the process holds
            Assert.True(double.TryParse(row[10], NumberStyles.Float, CultureInfo.InvariantCulture, out var faults) && faults >= 0, $"{string.Join(",", row)}: page faults");
        }
        Assert.Equal(2, report.Rss.FirstSteps);
        Assert.Equal(4, report.Rss.LastSteps);
        Assert.True(report.Rss.FirstMb > 0 && report.Rss.LastMb > 0);
    }

    [Fact]
    public void FlopsPerSample_CountsForwardAndBothBackwardProducts()
    {
        var byName = BenchmarkWorkload.Standard.ToDictionary(w => w.Name);
        // AE: 2NH + 2NH forward, ∂W1 2NH (the data needs no gradient), ∂W2 and ∂Y 2·2NH → 10 NH
        Assert.Equal(10.0 * 900 * 100, byName["ae-900-100"].FlopsPerSample);
        Assert.Equal(4.0 * 50 * 4, byName["softmax-50-4"].FlopsPerSample);
        // tied SdA layer: the same five products (∂W1 = δ2ᵀ X̃ + Yᵀ δ3 is two of them)
        Assert.Equal(10.0 * 784 * 1000, byName["sda-784-1000"].FlopsPerSample);
        Assert.Equal(4.0 * 900 * 100 + 6.0 * 100 * 50 + 6.0 * 50 * 4, byName["finetune-900-100-50-4"].FlopsPerSample);
    }

    [Fact]
    public void Percentiles_InterpolateBetweenRanks()
    {
        double[] samples = [4, 1, 3, 2, 5];
        Assert.Equal(3, Percentiles.Of(samples, 0.5));
        Assert.Equal(4.6, Percentiles.Of(samples, 0.9), 12);
    }

    [Fact]
    public void Settings_BadRssSteps_AreRefusedWithTheirName()
    {
        var e = Assert.Throws<TorchAe.Options.OptionException>(() => new BenchmarkSettings { RssSteps = (10, 10) });
        Assert.Contains("rss_steps", e.Message);
    }

    [Fact]
    public void BenchCommand_ZeroThreads_IsBadInput()
    {
        var error = new StringWriter();
        int code = CommandLine.Run(["bench", "--threads", "0", "--out", folder], TextWriter.Null, error);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("--threads", error.ToString());
    }

    [Fact]
    public void BenchCommand_UnknownWorkload_IsBadInputNamingIt()
    {
        var error = new StringWriter();
        int code = CommandLine.Run(["bench", "--workload", "ae-1-2", "--out", folder], TextWriter.Null, error);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("ae-1-2", error.ToString());
    }
}
