namespace TorchAe.Training.Optimizers;

/// <summary>What one optimiser step reports: which closure evaluation of the step describes it (its loss and gradient
/// are the step's metrics); −1 when the step evaluated nothing (it found the point it started from already converged).</summary>
internal readonly record struct StepOutcome(int Evaluation);
