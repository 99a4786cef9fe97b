namespace TorchAe.Benchmarks;

/// <summary>One line of an evaluation's account (<see cref="EvaluationAccount"/>): a matrix product, an element-wise
/// pass, a group of small ops or copies, the measured evaluation itself, or a derived line (the parts' sum, what they
/// leave unaccounted, the minimum). Times are medians over the rounds; allocations are counted in one more run.</summary>
/// <param name="Kind">product, layout (another way to write a product, for comparison), pass, small, copy, evaluation,
/// sum, unaccounted, minimum, reference (a plain copy, for the streaming rate).</param>
/// <param name="Flops">multiply-adds × 2 (products only).</param>
/// <param name="Bytes">bytes the op reads and writes in the tensors it names (passes, copies).</param>
internal sealed record AccountRow(int Rows, int Threads, string Source, string Kind, string Item, string Shape,
    double Flops, double Bytes, long? Allocations, long? AllocatedBytes, double MedianMs)
{
    /// <summary>Minor page faults per evaluation (getrusage; evaluation rows only).</summary>
    public double? PageFaults { get; init; }
    /// <summary>Times the process's other threads (the OpenMP team's workers) were put on a CPU per evaluation: their
    /// wake-ups (evaluation rows only).</summary>
    public double? WakeUps { get; init; }
    /// <summary>CPU milliseconds of the other threads per evaluation (evaluation rows only).</summary>
    public double? OtherBusyMs { get; init; }
    /// <summary>Milliseconds the measuring thread waited for a CPU per evaluation (load; evaluation rows only).</summary>
    public double? WaitMs { get; init; }

    /// <summary>GFLOP/s for products, GB/s for passes and copies, NaN otherwise.</summary>
    public double Rate => MedianMs <= 0 ? double.NaN
        : Flops > 0 ? Flops / MedianMs / 1e6
        : Bytes > 0 ? Bytes / MedianMs / 1e6
        : double.NaN;
}
