namespace TorchAe.Training.Optimizers;

/// <summary>What one optimiser step reports: a loss and which closure evaluation of the step computed it.</summary>
public readonly record struct StepOutcome(double Loss, int Evaluation);
