using static TorchSharp.torch;

namespace TorchAe.Training.Optimizers;

/// <summary>An optimiser over a fixed list of parameters whose gradients the closure leaves in <c>.grad</c>.
/// Its whole state is a set of named tensors and numbers, so a checkpoint can hold it and a resumed run continues
/// bit for bit. Disposing it releases that state (the loop does at the end of each stage).</summary>
internal interface IOptimizer : IDisposable
{
    /// <summary>One update. <paramref name="closure"/> evaluates the loss at the current parameters, fills their
    /// gradients and returns the loss as a 0-dim tensor on the parameters' device; it may be called several times (L-BFGS
    /// line search). Only an optimiser that needs the number reads it back to the host (L-BFGS does, for its line
    /// search; first-order optimisers do not, so their steps never wait for the device). The outcome names the
    /// evaluation (0-based call of the closure in this step) that describes the step: the point before the update for
    /// first-order optimisers, the accepted point after it for L-BFGS.</summary>
    StepOutcome Step(Func<Tensor> closure);

    /// <summary>True once the optimiser's own stopping rule holds (L-BFGS tolerances); the stage then ends.</summary>
    bool Converged { get; }

    /// <summary>Evaluations of the closure in this stage so far (kept in the optimiser's checkpoint state).</summary>
    long Evaluations { get; }

    /// <summary>Why the optimiser ends the stage by itself: <see cref="Optimizers.StopReason.Converged"/>, <see cref="Optimizers.StopReason.MaxEvaluations"/>
    /// (<see cref="OptimizerSettings.MaxEvaluations"/> reached), or null while it goes on.</summary>
    StopReason? StopReason { get; }

    double LearningRate { get; }

    /// <summary>State tensors (copies are taken by the caller) and scalars for checkpoints.</summary>
    IReadOnlyDictionary<string, Tensor> StateTensors();
    IReadOnlyDictionary<string, double> StateScalars();
    void LoadState(IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, double> scalars);
}
