using TorchAe.Options;
using TorchAe.Training.Objectives;
using static TorchSharp.torch;

namespace TorchAe.Benchmarks;

/// <summary>One row of <c>bench.csv</c>: a workload trained with Adam from one gradient source in one dtype and batch
/// size. Times are per epoch: one step for full-batch rows, a shuffled pass over all samples in mini-batches otherwise.</summary>
internal sealed record BenchmarkRow
{
    public required string Workload { get; init; }
    public required GradientSource Source { get; init; }
    public required ScalarType Dtype { get; init; }
    /// <summary>Samples per step: the whole set (full batch) or the mini-batch size.</summary>
    public required int Batch { get; init; }
    /// <summary>Optimiser steps in one timed epoch (1 for full batch).</summary>
    public required int StepsPerEpoch { get; init; }
    public required double MedianMs { get; init; }
    public required double P90Ms { get; init; }
    /// <summary>Median process CPU time of an epoch (all threads): the work, without the waits for a busy core.</summary>
    public required double MedianCpuMs { get; init; }
    /// <summary>Samples of the epoch divided by its median time.</summary>
    public required double SamplesPerSecond { get; init; }
    /// <summary>Matrix-product FLOPs of the epoch divided by its median time.</summary>
    public required double Gflops { get; init; }
    /// <summary>What the same matrix products run at alone (plain <c>mm</c> of the same shapes, median).</summary>
    public required double PeakGflops { get; init; }
    /// <summary><see cref="Gflops"/> / <see cref="PeakGflops"/>: the share of the matmul bound reached.</summary>
    public double Efficiency => Gflops / PeakGflops;
    /// <summary>VmRSS when the row's timing ended, MiB.</summary>
    public required double RssMb { get; init; }
    /// <summary>Minor page faults per optimiser step over the timed epochs (getrusage): fresh pages the kernel handed out
    /// and zeroed; 0 when every step reuses memory the process already holds.</summary>
    public required double PageFaultsPerStep { get; init; }
    /// <summary>Timed epochs behind the median.</summary>
    public required int Samples { get; init; }
    /// <summary>Time the JIT spent compiling (on any thread) while this row and its sibling source were timed, and how
    /// many methods it compiled: tiered compilation's background recompiles would show here.</summary>
    public double JitMsWhileTiming { get; init; }
    public long JitMethodsWhileTiming { get; init; }

    public string DtypeName => EnumText.Name(Dtype);
    public string SourceName => EnumText.Name(Source);
}
