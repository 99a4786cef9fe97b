using System.CommandLine;
using TorchAe.Benchmarks;
using TorchAe.Cli;
using TorchAe.Runtime;
using static TorchSharp.torch;
using TorchAe.Training.Objectives;

namespace TorchAe.Commands;

/// <summary><c>torchae bench</c>: times Adam training steps of every workload (autograd and hand-derived gradients,
/// float32 and float64, full batch and mini-batch 64) and plain SGD of the SdA layers (float32, batch 1, 10 and 128)
/// against the matmul bound of the same shapes, on the CPU or a CUDA device (<c>--device</c>); writes DIR/bench.csv and
/// prints the table.</summary>
public sealed class BenchCommand : ICommand
{
    public string Name => "bench";
    public string Summary => "time training steps per workload, gradient source, dtype and batch size; writes DIR/bench.csv";
    readonly Option<string> outDir = CliOption.Text("--out", "folder for bench.csv", "runs/bench-<yyyyMMdd-HHmmss>", "DIR");
    readonly Option<bool> quick = CliOption.Flag("--quick", "about 20x fewer steps (RSS after 100 and 1,000 steps instead of 1,000 and 10,000)");
    readonly Option<int> threadsOption = CliOption.Int("--threads", "intra-op threads (torch.set_num_threads)", "OMP_NUM_THREADS; torchae sets it to every core on machines with at most 2 cores, else libtorch chooses", min: 1, max: 1024);
    readonly Option<IReadOnlyList<string>> workload = CliOption.List("--workload", "only these workloads: " + string.Join(", ", BenchmarkWorkload.Standard.Select(w => w.Name)), text => text, "all");
    readonly Option<DeviceRequest> deviceOption = CliOption.Choice<DeviceRequest>("--device", "for models, data and the matmul operands (auto: CUDA when available); on CUDA each clock read waits for the GPU", DeviceRequest.Cpu);

    readonly Option<bool> forceOption = CliOption.Flag("--force", "replace bench.csv if --out holds one");
    readonly Option<string> account = CliOption.Text("--account", "instead of the workloads: account for one full-batch evaluation of MNIST's first layer (784 -> 200) on the first R images of this MNIST folder, part by part; writes DIR/account.csv", null, "MNIST_DIR");
    readonly Option<IReadOnlyList<int>> accountRows = CliOption.List("--account-rows", "batch sizes R for --account", text => int.Parse(text, System.Globalization.CultureInfo.InvariantCulture), "10000,60000", "R,...");

    public IEnumerable<Symbol> Symbols => [outDir, quick, threadsOption, workload, deviceOption, forceOption, account, accountRows];

    public int Run(ParseResult args, TextWriter output)
    {
        var outDir = RunFolder.Resolve(args.Text(this.outDir), Name);
        var threads = args.Value(threadsOption);
        if (args.Text(account) is { } mnist)
            return BenchAccount.Run(mnist, args.Given(accountRows) ? args.Values(accountRows) : [10_000, 60_000], args.Given(quick) ? 3 : 7,
                threads, outDir, args.Given(forceOption), output);
        var settings = args.Given(quick) ? BenchmarkSettings.Quick : new BenchmarkSettings();
        if (args.Given(workload))
        {
            var names = args.Values(workload);
            var unknown = names.FirstOrDefault(n => BenchmarkWorkload.Standard.All(w => w.Name != n));
            if (unknown is not null)
                throw new UsageException($"--workload must name one of {string.Join(", ", BenchmarkWorkload.Standard.Select(w => w.Name))}, got '{unknown}'");
            settings = settings with { Workloads = BenchmarkWorkload.Standard.Where(w => names.Contains(w.Name)).ToList() };
        }
        // Loads libtorch and refuses cuda where it is not available, before anything is written (as the training commands).
        var device = DeviceChoice.Choose(args.Value(deviceOption) ?? DeviceRequest.Cpu);
        RunFolder.CheckOutFolder(outDir, args.Given(forceOption), BenchmarkCsv.FileName);
        if (threads is { } n) set_num_threads(n);

        output.WriteLine($"device {DeviceChoice.Describe(device)}, torch threads {get_num_threads()} ({(threads is null ? $"OMP_NUM_THREADS={TorchThreads.Current() ?? "unset"}" : "--threads")}), {Environment.ProcessorCount} cores, load average {LoadAverage()} (1, 5, 15 min)");
        output.WriteLine($"full batch: {settings.WarmupSteps} warm-up + {settings.Steps} timed steps; mini-batch: {settings.WarmupEpochs} warm-up + {settings.Epochs} timed epochs of {settings.Samples} samples (sda: {settings.DenoisingWarmupEpochs} + {settings.DenoisingEpochs}); {settings.Rounds} interleaved rounds");
        output.WriteLine("times per epoch (full batch: one step; mini-batch: a shuffled pass over all samples); cpu ms = process CPU time (all threads)");
        output.WriteLine();
        output.WriteLine($"{"workload",-22} {"source",-8} {"dtype",-7} {"batch",5} {"steps",5} {"median ms",9} {"p90 ms",8} {"cpu ms",8} {"samples/s",10} {"GFLOP/s",7} {"mm GFLOP/s",10} {"eff",5} {"RSS MB",7}");
        var report = TrainingBenchmark.Run(settings, device, r => output.WriteLine(
            $"{r.Workload,-22} {r.SourceName,-8} {r.DtypeName,-7} {r.Batch,5} {r.StepsPerEpoch,5} {r.MedianMs,9:F3} {r.P90Ms,8:F3} {r.MedianCpuMs,8:F3} {r.SamplesPerSecond,10:F0} {r.Gflops,7:F1} {r.PeakGflops,10:F1} {r.Efficiency,5:P0} {r.RssMb,7:F0}"));

        var path = Path.Combine(outDir, BenchmarkCsv.FileName);
        BenchmarkCsv.Write(path, report.Rows);
        var rss = report.Rss;
        output.WriteLine();
        output.WriteLine($"RSS {rss.Workload} {rss.Source} {rss.Dtype} batch {rss.Batch}: {rss.FirstMb:F1} MB after {rss.FirstSteps:N0} steps, {rss.LastMb:F1} MB after {rss.LastSteps:N0} ({rss.Drift:+0.0%;-0.0%})");
        foreach (var line in Checks(report)) output.WriteLine(line);
        var timedRows = report.Rows.Where(r => r.Source == GradientSource.Autograd).ToList();   // one per timed pair
        output.WriteLine($"JIT while timing: {timedRows.Sum(r => r.JitMsWhileTiming):F1} ms compiling {timedRows.Sum(r => r.JitMethodsWhileTiming)} methods (first pair: {timedRows[0].JitMsWhileTiming:F1} ms, {timedRows[0].JitMethodsWhileTiming})");
        output.WriteLine($"load average at the end {LoadAverage()}; {report.SecondsTaken:F0} s");
        output.WriteLine($"wrote {path}");
        return ExitCodes.Success;
    }

    /// <summary>The issue's acceptance figures: efficiency of the AE 900-100 float32 full-batch step, hand-derived
    /// against autograd per shape, and the RSS drift.</summary>
    static IEnumerable<string> Checks(BenchmarkReport report)
    {
        var full = report.Rows.Where(r => r.Workload == "ae-900-100" && r.Dtype == ScalarType.Float32 && r.StepsPerEpoch == 1).ToList();
        if (full.Count > 0)
            yield return $"check: ae-900-100 float32 full batch reaches {string.Join(", ", full.Select(r => $"{r.SourceName} {r.Efficiency:P0}"))} of the matmul bound (target >= 75%)";
        var pairs = report.Rows.GroupBy(r => (r.Workload, r.Dtype, r.Batch))
            .Select(g => (Shape: g.Key, Hand: g.Single(r => r.Source == GradientSource.Hand), Autograd: g.Single(r => r.Source == GradientSource.Autograd)))
            .ToList();
        var slower = pairs.Where(p => p.Hand.MedianMs > p.Autograd.MedianMs).ToList();
        yield return $"check: hand-derived no slower than autograd in {pairs.Count - slower.Count} of {pairs.Count} shapes"
            + (slower.Count == 0 ? "" : $"; slower: {string.Join(", ", slower.Select(p => $"{p.Shape.Workload} {p.Hand.DtypeName} {p.Shape.Batch} ({p.Hand.MedianMs / p.Autograd.MedianMs:0.00}x)"))}");
        yield return $"check: RSS drift {report.Rss.Drift:+0.0%;-0.0%} from {report.Rss.FirstSteps:N0} to {report.Rss.LastSteps:N0} steps (target within 5%)";
    }

    static string LoadAverage()
    {
        const string path = "/proc/loadavg";
        return File.Exists(path) ? string.Join(" ", File.ReadAllText(path).Split(' ').Take(3)) : "n/a";
    }
}
