namespace TorchAe.Training.Optimizers;

/// <summary>The stop reasons an optimiser reports by itself (<see cref="IOptimizer.StopReason"/>), spelt as summary.json's
/// <c>stages[].stop_reason</c> writes them.</summary>
public static class StopReasons
{
    /// <summary>The optimiser's own tolerances hold (L-BFGS: minFunc's optTol/progTol).</summary>
    public const string Converged = "converged";

    /// <summary><see cref="OptimizerSettings.MaxEvaluations"/> evaluations of the objective were spent.</summary>
    public const string MaxEvaluations = "max_evaluations";
}
