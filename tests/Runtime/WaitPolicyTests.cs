using TorchAe.Runtime;
using TorchAe.Tests.Reliability;
using TorchAe.Tests.Support;

namespace TorchAe.Tests.Runtime;

/// <summary>OMP_WAIT_POLICY decides only how idle OpenMP threads wait, never how work is split: the same run at the same
/// thread count gives the same bits under either policy.</summary>
public sealed class WaitPolicyTests : IDisposable
{
    private readonly TempFolder dir = new();

    public void Dispose() => dir.Dispose();

    [Fact]
    public void Run_TwoThreadsActiveVersusPassive_BitIdenticalResults()
    {
        string Train(string policy)
        {
            var run = dir.File(policy);
            var (code, _, error) = ChildRun.Run(new Dictionary<string, string> { [TorchThreads.WaitPolicyVariable] = policy, ["GOMP_SPINCOUNT"] = policy == "passive" ? "0" : "300000" },
                TimeSpan.FromMinutes(5), "shapes", "--train-count", "200", "--test-count", "100", "--size", "16", "--hidden", "30,10",
                "--epochs", "15", "--threads", "2", "--seed", "5", "--quiet", "--out", run);
            Assert.True(code == 0, error);
            return run;
        }

        string active = Train("active"), passive = Train("passive");

        Assert.Contains(ChildRun.MetricsRows(active), r => r.StartsWith("finetune", StringComparison.Ordinal));
        Assert.Empty(ChildRun.Differences(active, passive));
    }
}
