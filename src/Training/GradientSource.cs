namespace TorchAe.Training;

/// <summary>Where a step's gradients come from: autograd (<c>backward()</c>) or the lecture's hand-derived δ equations.</summary>
public enum GradientSource
{
    Autograd,
    Hand,
}
