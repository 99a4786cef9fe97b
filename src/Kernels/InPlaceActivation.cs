using static TorchSharp.torch;

namespace TorchAe.Kernels;

/// <summary>The activations and their backward step written in place, for the hand-derived backprop: on a 1000 × 900
/// float32 batch every temporary the size of the batch costs a fresh 3.6 MB of cache traffic, and an in-place pass
/// over warm memory is about three times cheaper than one that allocates its result.</summary>
static class InPlaceActivation
{
    /// <summary>f(P) computed into P's storage (P must be a temporary).</summary>
    public static Tensor Apply(Activation activation, Tensor potential) => activation switch
    {
        Activation.Sigmoid => potential.sigmoid_(),
        Activation.Tanh => potential.tanh_(),
        _ => potential,
    };

    /// <summary>delta ← delta ⊙ f'(P) from the output u = f(P), in one fused pass where the tensors allow it (the same bits
    /// as <c>delta.mul_(f'(u))</c>, which runs otherwise). Overwrites delta only; returns it.</summary>
    public static Tensor MultiplyByDerivative(Activation activation, Tensor delta, Tensor output)
    {
        if (activation == Activation.Linear) return delta;
        if (FusedDerivative.Supports(delta, output) && FusedDerivative.MultiplyInPlace(activation, delta, output)) return delta;
        return delta.mul_(activation.DerivativeFromOutput(output));
    }

    /// <summary>delta ← scale · delta ⊙ f'(P), with f'(P) from the output u = f(P): sigmoid u(1 − u), tanh 1 − u²,
    /// linear 1. Overwrites both <paramref name="delta"/> and <paramref name="output"/>; returns delta.</summary>
    public static Tensor ScaleByDerivative(Activation activation, Tensor delta, Tensor output, double scale)
    {
        switch (activation)
        {
            case Activation.Sigmoid:
                // delta·u·(u − 1)·(−scale): u − 1 = −(1 − u) exactly, so this rounds like autograd's g·(1 − u)·u
                delta.mul_(output);
                delta.mul_(output.sub_(OwnedScalars.One));
                return delta.ScaleInPlace(-scale);
            case Activation.Tanh:
                // delta·(u² − 1)·(−scale)
                delta.mul_(output.mul_(output).sub_(OwnedScalars.One));
                return delta.ScaleInPlace(-scale);
            default:
                return delta.ScaleInPlace(scale);
        }
    }
}
