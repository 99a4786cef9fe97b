using TorchAe.Cli;
using TorchAe.Tests.Runtime;
using TorchAe.Tests.Support;

namespace TorchAe.Tests.Benchmarks;

/// <summary><c>torchae bench --device</c>: chosen through DeviceChoice as the training commands do; the CPU by default.</summary>
public sealed class BenchDeviceTests : IDisposable
{
    readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    /// <summary>The smallest real run: the softmax head, --quick (about a second).</summary>
    static (int Code, string Output, string Error) Bench(string outDir, params string[] extra) =>
        Torchae.Run(["bench", "--quick", "--workload", "softmax-50-4", "--out", outDir, .. extra]);

    [NoCudaFact]
    public void Bench_DeviceCudaWithoutCuda_RefusedInOneLineAndWritesNothing() =>
        AssertRefused("cuda", "torchae bench: device must be cpu or auto on this machine (CUDA is not available), got 'cuda'");

    [Fact]
    public void Bench_UnknownDevice_RefusedWithTheChoices() =>
        AssertRefused("tpu", "torchae bench: --device must be one of cpu, cuda, auto, got 'tpu'");

    /// <summary>Exit 2, exactly <paramref name="line"/> on stderr, nothing on stdout, no --out folder.</summary>
    void AssertRefused(string device, string line)
    {
        var outDir = temp[device];
        var r = Bench(outDir, "--device", device);
        Assert.Equal(ExitCodes.BadInput, r.Code);
        Assert.Equal(line + Environment.NewLine, r.Error);
        Assert.Equal("", r.Output);
        Assert.False(Directory.Exists(outDir), "the refused run created its --out folder");
    }

    [Fact]
    public void Bench_DeviceCpu_SameTableAsTheDefault()
    {
        var byDefault = Bench(temp["default"]);
        var cpu = Bench(temp["cpu"], "--device", "cpu");
        Assert.True(byDefault.Code == 0, byDefault.Error);
        Assert.True(cpu.Code == 0, cpu.Error);
        Assert.StartsWith("device cpu, torch threads ", byDefault.Output);
        Assert.StartsWith("device cpu, torch threads ", cpu.Output);

        var a = File.ReadAllLines(Path.Combine(temp["default"], "bench.csv"));
        var b = File.ReadAllLines(Path.Combine(temp["cpu"], "bench.csv"));
        Assert.Equal("workload,source,dtype,batch,median_ms,p90_ms,samples_per_s,gflops,efficiency,rss_mb,page_faults_per_step", b[0]);
        Assert.Equal(a[0], b[0]);
        static string Key(string line) => string.Join(",", line.Split(',').Take(4));
        Assert.Equal(a.Skip(1).Select(Key), b.Skip(1).Select(Key));
        Assert.Equal(8, b.Length - 1);   // 2 sources × 2 dtypes × 2 batch sizes
    }

    [Fact]
    public void Help_ListsDeviceWithDefaultCpu()
    {
        var r = Torchae.Run("bench", "--help");
        Assert.Equal(0, r.Code);
        Assert.Matches(@"--device <cpu\|cuda\|auto> +.*\[default: cpu\]", r.Output);
    }
}
