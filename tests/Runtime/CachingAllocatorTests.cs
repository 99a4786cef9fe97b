using System.Text.Json.Nodes;
using TorchAe.Runtime;
using TorchAe.Tests.Reliability;
using TorchAe.Tests.Support;

namespace TorchAe.Tests.Runtime;

/// <summary>torchae's training commands re-execute themselves on tcmalloc: evaluations of the same shapes then reuse
/// the pages of the one before, where glibc maps and unmaps every block of 32 MiB and more afresh; the bits stay.</summary>
public sealed class CachingAllocatorTests : IDisposable
{
    private readonly TempFolder dir = new();

    public void Dispose() => dir.Dispose();

    [TcmallocFact]
    public void Run_LargeFullBatch_TcmallocFaultsAFractionOfGlibcWithTheSameBits()
    {
        // 10,000 images of 30 × 30: every (R, N) float32 temporary is 36 MB, above glibc's 32 MiB mmap threshold.
        const int Samples = 10_000, Features = 900, Epochs = 12;
        (string Run, JsonObject Stage) Train(string allocator)
        {
            var run = dir.File(allocator);
            var (code, _, error) = ChildRun.Run(new Dictionary<string, string> { [CachingAllocator.Variable] = allocator }, TimeSpan.FromMinutes(5),
                "shapes", "--train-count", $"{Samples}", "--test-count", "100", "--size", "30", "--hidden", "20,10",
                "--epochs", $"{Epochs}", "--threads", "1", "--seed", "3", "--quiet", "--out", run);
            Assert.True(code == 0, error);
            var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(run, "summary.json")))!;
            return (run, summary["stages"]![0]!.AsObject());
        }

        var (glibcRun, glibc) = Train("glibc");
        var (tcmallocRun, tcmalloc) = Train("tcmalloc");

        long evaluations = (long)glibc["evaluations"]!;
        long pagesPerTemporary = (long)Samples * Features * sizeof(float) / 4096;
        long glibcFaults = (long)glibc["minor_page_faults"]!, tcmallocFaults = (long)tcmalloc["minor_page_faults"]!;
        // glibc: at least one fresh (R, N) temporary per evaluation; tcmalloc: the first evaluation's, then (nearly) none.
        Assert.True(glibcFaults >= evaluations * pagesPerTemporary, $"glibc: {glibcFaults} faults in {evaluations} evaluations");
        Assert.True(tcmallocFaults * 4 < glibcFaults, $"tcmalloc {tcmallocFaults} vs glibc {glibcFaults} faults in {evaluations} evaluations");
        Assert.True((double)tcmalloc["system_seconds"]! >= 0);
        Assert.Empty(ChildRun.Differences(glibcRun, tcmallocRun));
    }
}
