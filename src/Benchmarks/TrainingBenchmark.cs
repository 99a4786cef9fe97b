using TorchAe.Runtime;
using System.Diagnostics;
using TorchAe.Training.Objectives;
using TorchAe.Training;
using static TorchSharp.torch;

namespace TorchAe.Benchmarks;

/// <summary>Times Adam training (the SdA workloads: plain SGD) the way users run it — <see cref="TrainingLoop"/> with the
/// stage objectives and <see cref="Training.Optimizers.FirstOrderOptimizer"/> — for every workload × gradient source × dtype × batch size,
/// and compares each with the plain matrix products of the same shapes. Prints nothing; rows leave through
/// <c>rowDone</c> and the returned report.</summary>
internal static class TrainingBenchmark
{
    static readonly GradientSource[] Sources = [GradientSource.Autograd, GradientSource.Hand];
    static readonly ScalarType[] Dtypes = [ScalarType.Float32, ScalarType.Float64];

    /// <param name="device">where models, data and the matmul operands live (the caller chooses it); null = the CPU.</param>
    public static BenchmarkReport Run(BenchmarkSettings settings, Device? device = null, Action<BenchmarkRow>? rowDone = null)
    {
        device ??= CPU;
        var clock = Stopwatch.StartNew();
        var rows = new List<BenchmarkRow>();
        foreach (var workload in settings.Workloads)
        foreach (var batch in workload.Batches ?? [settings.Samples, settings.MiniBatch])
        foreach (var dtype in workload.Batches is null ? Dtypes : [ScalarType.Float32])
            foreach (var row in Measure(settings, workload, dtype, batch, device))
            {
                rows.Add(row);
                rowDone?.Invoke(row);
            }
        var rss = MeasureRss(settings, settings.Workloads[0], device);
        return new BenchmarkReport(rows, rss, get_num_threads(), clock.Elapsed.TotalSeconds);
    }

    /// <summary>Both gradient sources of one shape, their timed rounds interleaved.</summary>
    static IEnumerable<BenchmarkRow> Measure(BenchmarkSettings s, BenchmarkWorkload workload, ScalarType dtype, int batch, Device device)
    {
        bool fullBatch = batch >= s.Samples;
        var subjects = Sources.Select(source => new BenchmarkSubject(workload, source, dtype, fullBatch ? 0 : batch, s, device)).ToArray();
        // The batch sizes of one epoch's steps (full batch: one step of all samples), for the matmul bound.
        var batches = fullBatch ? [s.Samples] : Enumerable.Range(0, (s.Samples + batch - 1) / batch).Select(b => Math.Min(batch, s.Samples - b * batch)).ToArray();
        using var bound = new MatmulPeak(workload, dtype, batches, new Generator(s.Seed + 17), device);
        try
        {
            bool sda = workload.Kind == WorkloadKind.Denoising;
            int warmup = fullBatch ? s.WarmupSteps : sda ? s.DenoisingWarmupEpochs : s.WarmupEpochs;
            int timed = fullBatch ? s.Steps : sda ? s.DenoisingEpochs : s.Epochs;
            var seconds = subjects.Select(_ => new List<double>()).ToArray();
            var cpuSeconds = subjects.Select(_ => new List<double>()).ToArray();
            var faults = new long[subjects.Length];
            if (warmup > 0)
                foreach (var subject in subjects) subject.Run(warmup);
            bound.Measure(0);   // warms the products up
            var jitBefore = System.Runtime.JitInfo.GetCompilationTime();
            long methodsBefore = System.Runtime.JitInfo.GetCompiledMethodCount();
            for (int round = 0; round < s.Rounds; round++)
            {
                int epochs = timed / s.Rounds + (round < timed % s.Rounds ? 1 : 0);
                if (epochs == 0) continue;
                for (int i = 0; i < subjects.Length; i++)
                {
                    long faultsBefore = ProcessUsage.Now().MinorPageFaults;
                    foreach (var (wall, cpu) in subjects[i].Run(epochs))
                    {
                        seconds[i].Add(wall);
                        cpuSeconds[i].Add(cpu);
                    }
                    faults[i] += ProcessUsage.Now().MinorPageFaults - faultsBefore;
                }
                bound.Measure(Math.Max(epochs, 3));
            }
            double jitMs = (System.Runtime.JitInfo.GetCompilationTime() - jitBefore).TotalMilliseconds;
            long jitMethods = System.Runtime.JitInfo.GetCompiledMethodCount() - methodsBefore;
            double boundSeconds = bound.MedianSeconds;
            double flops = workload.FlopsPerSample * s.Samples;
            double rss = ProcessMemory.ResidentMegabytes();

            for (int i = 0; i < subjects.Length; i++)
            {
                double median = Percentiles.Of(seconds[i], 0.5);
                yield return new BenchmarkRow
                {
                    Workload = workload.Name,
                    Source = subjects[i].Source,
                    Dtype = dtype,
                    Batch = batch,
                    StepsPerEpoch = batches.Length,
                    MedianMs = median * 1e3,
                    P90Ms = Percentiles.Of(seconds[i], 0.9) * 1e3,
                    MedianCpuMs = Percentiles.Of(cpuSeconds[i], 0.5) * 1e3,
                    SamplesPerSecond = s.Samples / median,
                    Gflops = flops / median / 1e9,
                    PeakGflops = flops / boundSeconds / 1e9,
                    RssMb = rss,
                    PageFaultsPerStep = (double)faults[i] / (seconds[i].Count * batches.Length),
                    Samples = seconds[i].Count,
                    JitMsWhileTiming = jitMs,
                    JitMethodsWhileTiming = jitMethods,
                };
            }
        }
        finally
        {
            foreach (var subject in subjects) subject.Dispose();
        }
    }

    /// <summary>VmRSS (host memory) after the first and the last number of full-batch float32 steps of one autograd run.</summary>
    static RssDrift MeasureRss(BenchmarkSettings s, BenchmarkWorkload workload, Device device)
    {
        using var subject = new BenchmarkSubject(workload, GradientSource.Autograd, ScalarType.Float32, 0, s, device);
        var (first, last) = s.RssSteps;
        var rss = subject.Rss(last, [first, last]);
        return new RssDrift(workload.Name, "autograd", "float32", s.Samples, first, rss[first], last, rss[last]);
    }
}
