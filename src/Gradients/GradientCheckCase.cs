namespace TorchAe.Gradients;

/// <summary>One row of <c>gradcheck.csv</c>: which model and objective was checked and how close the three gradients are.</summary>
public sealed record GradientCheckCase(string Case, string Objective, string Encoder, string Decoder, GradientCheckResult Result);
