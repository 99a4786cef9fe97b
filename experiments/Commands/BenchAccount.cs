using TorchAe.Benchmarks;
using TorchAe.Cli;
using TorchAe.Data.Readers;
using TorchAe.Runtime;
using TorchAe.Training.Objectives;
using static TorchSharp.torch;

namespace TorchAe.Commands;

/// <summary><c>torchae bench --account MNIST_DIR</c>: where a full-batch evaluation of MNIST's first layer goes, part by
/// part, for each batch size R and both gradient sources at the current thread count (docs/benchmarks.md, <i>Where an
/// evaluation's time goes</i>); writes DIR/account.csv and prints the table.</summary>
static class BenchAccount
{
    const int Hidden = 200;

    public static int Run(string folder, IReadOnlyList<int> rows, int rounds, int? threads, string outDir, bool force, TextWriter output)
    {
        if (rows.Any(r => r < 1)) throw new UsageException($"--account-rows must be positive, got {string.Join(",", rows)}");
        var train = MnistReader.LoadFolder(folder).Train;
        if (rows.Max() is var most && most > train.Count)
            throw new UsageException($"--account-rows must be at most the {train.Count} training images of {folder}, got {most}");
        RunFolder.CheckOutFolder(outDir, force, AccountCsv.FileName);
        if (threads is { } n) set_num_threads(n);
        output.WriteLine($"torch threads {get_num_threads()}, allocator {CachingAllocator.Current}, {rounds} rounds (medians); allocations of at least {AllocationCounter.MinimumBytes / 1024} KiB counted"
            + (AllocationCounter.Available ? "" : " (not available: needs tcmalloc on x86-64 Linux)"));
        using var data = train.FeaturesTensor(ScalarType.Float32, CPU);
        var all = new List<AccountRow>();
        foreach (int r in rows)
            foreach (var source in new[] { GradientSource.Autograd, GradientSource.Hand })
            {
                using var inputs = data.narrow(0, 0, r);
                var lines = EvaluationAccount.Run(inputs, Hidden, source, rounds);
                all.AddRange(lines);
                Print(lines, output);
            }
        var path = Path.Combine(outDir, AccountCsv.FileName);
        AccountCsv.Write(path, all);
        output.WriteLine($"wrote {path}");
        return ExitCodes.Success;
    }

    static void Print(IReadOnlyList<AccountRow> lines, TextWriter output)
    {
        var first = lines[0];
        output.WriteLine();
        output.WriteLine($"R = {first.Rows}, {first.Source}, {first.Threads} thread(s)");
        output.WriteLine($"{"kind",-11} {"item",-72} {"shape",-22} {"GFLOP",6} {"MB",7} {"allocs",6} {"alloc MB",8} {"ms",9} {"rate",7}");
        foreach (var l in lines)
        {
            string allocations = l.Allocations?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-";
            string allocated = l.AllocatedBytes is { } b ? $"{b / 1e6:F1}" : "-";
            string rate = double.IsNaN(l.Rate) ? "" : $"{l.Rate:F1}";
            output.WriteLine($"{l.Kind,-11} {Cut(l.Item, 72),-72} {l.Shape,-22} {l.Flops / 1e9,6:F2} {l.Bytes / 1e6,7:F1} {allocations,6} {allocated,8} {l.MedianMs,9:F3} {rate,7}");
            if (l.PageFaults is { } faults)
                output.WriteLine($"{"",-11} per evaluation: {faults:F0} minor page faults, other threads woken {l.WakeUps:F1} times and busy {l.OtherBusyMs:F1} ms, {l.WaitMs:F1} ms waiting for a CPU");
        }
    }

    static string Cut(string text, int width) => text.Length <= width ? text : text[..(width - 1)] + "…";
}
