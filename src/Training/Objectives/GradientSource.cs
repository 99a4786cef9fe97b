namespace TorchAe.Training.Objectives;

/// <summary>Where a step's gradients come from: autograd (<c>backward()</c>) or the lecture's hand-derived δ equations.</summary>
public enum GradientSource
{
    /// <summary>TorchSharp's autograd: <c>loss.backward()</c>.</summary>
    Autograd,
    /// <summary>The lecture's hand-derived backprop (<see cref="Gradients.HandAutoencoder"/>, <see cref="Gradients.HandClassifier"/>).</summary>
    Hand,
}
