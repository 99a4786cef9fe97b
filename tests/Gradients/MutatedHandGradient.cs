using TorchAe.Gradients;
using TorchAe.Kernels;
using TorchAe.Losses;
using TorchAe.Models;
using static TorchSharp.torch.nn;
using static TorchSharp.torch;

namespace TorchAe.Tests.Gradients;

/// <summary>A slip someone deriving the sparse autoencoder's gradient by hand could make.</summary>
public enum HandMutation
{
    None,
    /// <summary>The sparsity term's share of δ2 subtracted instead of added.</summary>
    WrongSparsitySign,
    /// <summary>∂ρ̂_i/∂y_i(k) taken as 1 instead of 1/R.</summary>
    MissingOneOverR,
    /// <summary>ρ̂ averaged over the hidden units of each sample (axis 1) instead of over the samples (axis 0).</summary>
    KlOverWrongAxis,
    /// <summary>α b added to the bias gradients (the decay covers weights only).</summary>
    DecayOnBiases,
}

/// <summary>The lecture's δ equations written out plainly (no in-place or fused kernels) with one <see cref="HandMutation"/>
/// applied: the hand-derived side of a gradient check that must fail. With <see cref="HandMutation.None"/> it is the
/// right gradient, which shows the failures come from the mutation alone.</summary>
public static class MutatedHandGradient
{
    public static ParameterGradients Compute(SparseAutoencoder model, Tensor x, SparseAutoencoderLossOptions o, HandMutation mutation)
    {
        using var _ = no_grad();
        long batch = x.shape[0], hidden = model.HiddenSize;
        Tensor w1 = model.Encoder.weight, b1 = model.Encoder.bias!, w2 = model.DecoderWeight, b2 = model.DecoderBias;
        double cr = new SquaredErrorTerm(o.Objective).Scale(batch), cs = new SparsityTerm(o.TargetActivation, o.SparsityWeight, o.Objective).Scale(batch);
        var phi = model.EncoderActivation;
        var y = phi.Apply(functional.linear(x, w1, b1));                                  // (R, H)
        var z = model.DecoderActivation.Apply(functional.linear(y, w2, b2));              // (R, N)
        var delta3 = (z - x) * model.DecoderActivation.DerivativeFromOutput(z) * (2 * cr); // δ3 = 2 c_r (Z − X) ⊙ ψ'

        Tensor s;
        if (mutation == HandMutation.KlOverWrongAxis)
        {
            // ρ̂_k = (1/H) Σ_i a_i(k), one per sample: ∂/∂y_i(k) = c_s KL'(ρ̂_k) (da/dy) / H, (R, 1)
            var rhoHatPerSample = phi.Activity(y).mean(new long[] { 1 }, keepdim: true);
            s = KlDivergence.Derivative(rhoHatPerSample, o.TargetActivation) * (cs * phi.ActivitySlope() / hidden);
        }
        else
        {
            // ρ̂_i = (1/R) Σ_k a_i(k): s_i = ± c_s KL'(ρ̂_i) (da/dy) / R, (H)
            var rhoHat = phi.Activity(y).mean(new long[] { 0 });
            double sign = mutation == HandMutation.WrongSparsitySign ? -1 : 1;
            double perSample = mutation == HandMutation.MissingOneOverR ? 1 : 1.0 / batch;
            s = KlDivergence.Derivative(rhoHat, o.TargetActivation) * (sign * cs * phi.ActivitySlope() * perSample);
        }
        var delta2 = (delta3.mm(w2) + s) * phi.DerivativeFromOutput(y);                   // δ2 = (δ3 W2 + s) ⊙ φ'
        double biasDecay = mutation == HandMutation.DecayOnBiases ? o.WeightDecay : 0;
        var gradients = new Dictionary<string, Tensor>
        {
            ["encoder.weight"] = delta2.t().mm(x) + w1 * o.WeightDecay,
            ["encoder.bias"] = delta2.sum(dim: 0L) + b1 * biasDecay,
            ["decoder.weight"] = delta3.t().mm(y) + w2 * o.WeightDecay,
            ["decoder.bias"] = delta3.sum(dim: 0L) + b2 * biasDecay,
        };
        return new ParameterGradients(zeros(1, dtype: x.dtype), gradients);
    }
}
