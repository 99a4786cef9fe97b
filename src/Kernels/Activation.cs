using TorchAe.Options;
using static TorchSharp.torch;

namespace TorchAe.Kernels;

/// <summary>Unit non-linearities of the lecture: φ for the encoder (sigmoid or tanh), ψ for the decoder (also linear).</summary>
public enum Activation
{
    /// <summary>Logistic σ(P) = 1 / (1 + e^−P), outputs in (0, 1); inactive = 0.</summary>
    Sigmoid,
    /// <summary>tanh(P), outputs in (−1, 1); inactive = −1.</summary>
    Tanh,
    /// <summary>The identity (decoders only: ψ(P) = P, for unbounded inputs).</summary>
    Linear,
}

/// <summary>Forward values and derivatives of <see cref="Activation"/>, written in terms of the unit's output.</summary>
public static class ActivationExtensions
{
    /// <summary>f(P) applied elementwise to the potentials P (any shape), e.g. Y = φ(X W1ᵀ + b1).</summary>
    public static Tensor Apply(this Activation activation, Tensor potential) => activation switch
    {
        Activation.Sigmoid => potential.sigmoid(),
        Activation.Tanh => potential.tanh(),
        _ => potential.alias(),
    };

    /// <summary>f'(P) from the output u = f(P): sigmoid u(1 − u), tanh 1 − u², linear 1.</summary>
    public static Tensor DerivativeFromOutput(this Activation activation, Tensor output) => activation switch
    {
        Activation.Sigmoid => output * output.SubtractedFrom(1),
        Activation.Tanh => (output * output).SubtractedFrom(1),
        _ => ones_like(output),
    };

    /// <summary>Maps an output to an "activity" in [0, 1] for ρ̂: a = y (sigmoid), a = (y + 1)/2 (tanh, inactive = −1).</summary>
    public static Tensor Activity(this Activation activation, Tensor output) => activation switch
    {
        Activation.Tanh => output.Plus(1).Times(0.5),
        _ => output,
    };

    /// <summary>da/dy for <see cref="Activity"/>: 1 for sigmoid, ½ for tanh.</summary>
    public static double ActivitySlope(this Activation activation) => activation == Activation.Tanh ? 0.5 : 1.0;

    /// <summary>The name used in config.json, model.json and the CLI (<see cref="EnumText"/>'s): <c>sigmoid</c>,
    /// <c>tanh</c> or <c>linear</c>.</summary>
    public static string Name(this Activation activation) => EnumText.Name(activation);

    /// <summary>Reads a <see cref="Name"/> (case-insensitive); anything else throws <see cref="OptionException"/> naming <paramref name="field"/>. <paramref name="allowLinear"/> false refuses <c>linear</c> (encoders).</summary>
    public static Activation Parse(string text, string field, bool allowLinear = true) =>
        EnumText.Parse<Activation>(text, field, a => allowLinear || a != Activation.Linear);
}
