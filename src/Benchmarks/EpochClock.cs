using System.Diagnostics;
using TorchAe.Runtime;
using TorchAe.Training;
using static TorchSharp.torch;

namespace TorchAe.Benchmarks;

/// <summary>A metrics sink that times the training loop: the wall time of every epoch (from the previous epoch's row, or
/// the stage's start, to this one's) and the process CPU time it took, and the resident memory after chosen epochs
/// (read outside the timed span). Every clock read waits for <paramref name="device"/> first, so queued CUDA work is
/// counted in the epoch that queued it.</summary>
sealed class EpochClock(IReadOnlyCollection<int> rssAfter, Device device) : IMetricsSink
{
    long last;
    double lastCpu;

    public List<double> Seconds { get; } = [];
    public List<double> CpuSeconds { get; } = [];
    public Dictionary<int, double> RssMb { get; } = [];

    public void StageStarted(string stage, int layer, int epochs) => Restart();

    public void Epoch(EpochMetrics metrics)
    {
        DeviceSync.Wait(device);
        Seconds.Add(Stopwatch.GetElapsedTime(last).TotalSeconds);
        CpuSeconds.Add(CpuClock.ProcessSeconds() - lastCpu);
        if (rssAfter.Contains(metrics.Epoch)) RssMb[metrics.Epoch] = ProcessMemory.ResidentMegabytes();
        Restart();
    }

    void Restart()
    {
        DeviceSync.Wait(device);
        lastCpu = CpuClock.ProcessSeconds();
        last = Stopwatch.GetTimestamp();
    }
}
