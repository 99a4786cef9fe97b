using System.Text.Json.Nodes;
using TorchAe.Runtime;
using TorchAe.Tests.Reliability;
using TorchAe.Tests.Support;

namespace TorchAe.Tests.Runtime;

public sealed class TorchThreadsTests : IDisposable
{
    private readonly TempFolder dir = new();

    public void Dispose() => dir.Dispose();

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, null)]
    [InlineData(16, null)]
    public void DefaultFor_SmallMachines_EveryCore_ElseLibtorchsChoice(int cores, int? expected) =>
        Assert.Equal(expected, TorchThreads.DefaultFor(cores));

    [Theory]
    [InlineData(2, 18_000_000L, 1)]          // 200 shapes: 200 × 900 × 100
    [InlineData(2, 59_999_999L, 1)]
    [InlineData(2, 60_000_000L, 2)]
    [InlineData(2, 90_000_000L, 2)]          // the shapes study: 1000 × 900 × 100
    [InlineData(2, 1_568_000_000L, 2)]       // MNIST 10k: 10000 × 784 × 200
    [InlineData(1, 1_568_000_000L, 1)]
    [InlineData(8, 1_568_000_000L, null)]
    public void DefaultFor_FirstLayerProduct_OneThreadBelowTheBound_EveryCoreFromIt(int cores, long multiplyAdds, int? expected) =>
        Assert.Equal(expected, TorchThreads.DefaultFor(cores, multiplyAdds));

    static Func<string, string?> Environment(params (string Name, string Value)[] set) =>
        name => set.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void Defaults_TwoCoresNothingSet_BothCoresAndPassiveWaiting() =>
        Assert.Equal(new Dictionary<string, string> { ["OMP_NUM_THREADS"] = "2", ["OMP_WAIT_POLICY"] = "passive" },
            TorchThreads.Defaults(2, Environment()));

    [Fact]
    public void Defaults_UserSetThreads_OnlyTheWaitPolicy() =>
        Assert.Equal(new Dictionary<string, string> { ["OMP_WAIT_POLICY"] = "passive" },
            TorchThreads.Defaults(2, Environment(("OMP_NUM_THREADS", "1"))));

    [Theory]
    [InlineData("OMP_WAIT_POLICY", "active")]
    [InlineData("GOMP_SPINCOUNT", "10000")]
    public void Defaults_UserChoseHowThreadsWait_OnlyTheThreadCount(string name, string value) =>
        Assert.Equal(new Dictionary<string, string> { ["OMP_NUM_THREADS"] = "2" },
            TorchThreads.Defaults(2, Environment((name, value))));

    [Fact]
    public void Defaults_LargeMachine_NothingSet() =>
        Assert.Empty(TorchThreads.Defaults(16, Environment()));

    [Theory]
    [InlineData(40, 12, 8)]       // 40 × 144 × 8: far below TorchThreads.LargeProduct
    [InlineData(1000, 30, 70)]    // 1000 × 900 × 70 = 6.3·10⁷: above it
    public void Torchae_NoThreadsOption_RecordsTheDefaultForTheFirstLayerInConfig(int train, int size, int hidden)
    {
        var run = dir.File($"run-{train}");
        var (code, _, error) = ChildRun.Run(new Dictionary<string, string> { ["OMP_NUM_THREADS"] = "", ["OMP_WAIT_POLICY"] = "", ["GOMP_SPINCOUNT"] = "" },
            TimeSpan.FromMinutes(5), "shapes", "--train-count", $"{train}", "--test-count", "20", "--size", $"{size}", "--hidden", $"{hidden},4",
            "--epochs", "1", "--quiet", "--out", run);
        Assert.True(code == 0, error);

        int threads = JsonNode.Parse(File.ReadAllText(Path.Combine(run, "config.json")))!["threads"]!.GetValue<int>();
        // On at most 2 cores torchae chooses; above, libtorch does (one per physical core, at least 1).
        if (TorchThreads.DefaultFor(System.Environment.ProcessorCount, (long)train * size * size * hidden) is { } expected) Assert.Equal(expected, threads);
        else Assert.InRange(threads, 1, System.Environment.ProcessorCount);
    }
}
