namespace TorchAe.Training.Optimizers;

/// <summary>What one optimiser step reports: a loss and which closure evaluation of the step computed it; −1 when the
/// step evaluated nothing (it found the point it started from already converged).</summary>
public readonly record struct StepOutcome(double Loss, int Evaluation);
