using TorchAe.Kernels;
using TorchAe.Losses;
using TorchAe.Models;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace TorchAe.Gradients;

/// <summary>The lecture's hand-derived backprop for one sparse autoencoder (docs/math.md), no autograd. It returns the same
/// terms as <see cref="SparseAutoencoderLoss"/> and the gradient of the total for every parameter.</summary>
/// <remarks>Written for speed without changing the math: the (R, N) tensors are computed in place where their old
/// values are no longer needed, and sums with a product are fused into one addmm (beta = alpha = 1, exact).</remarks>
public static class HandAutoencoder
{
    /// <summary>J and its gradient for <paramref name="model"/> on the batch <paramref name="x"/> (R, N) with ρ, β, α and the normalisation of <paramref name="o"/>: δ3 = 2c_r (Z − X) ⊙ ψ′, δ2 = (δ3 W2 + c_s KL′(ρ̂)/R) ⊙ φ′, ∂J/∂W2 = δ3ᵀ Y + αW2, ∂J/∂W1 = δ2ᵀ X + αW1 (docs/math.md). Gradients are keyed by parameter name (<c>encoder.weight</c>, …); the model's own .grad is untouched.</summary>
    public static (AutoencoderLossTerms Terms, ParameterGradients Gradients) Compute(SparseAutoencoder model, Tensor x, SparseAutoencoderLossOptions o)
    {
        using var _ = no_grad();
        long batch = x.shape[0];
        Tensor w1 = model.Encoder.weight, b1 = model.Encoder.bias!, w2 = model.Decoder.weight, b2 = model.Decoder.bias!;
        double cr = o.Objective.ReconstructionScale(batch), cs = o.Objective.SparsityScale(o.SparsityWeight, batch);

        // Forward: Y = φ(X W1ᵀ + b1) (R, H); Z = ψ(Y W2ᵀ + b2) (R, N), each activation applied to its fresh potential
        var y = InPlaceActivation.Apply(model.EncoderActivation, functional.linear(x, w1, b1));
        var z = InPlaceActivation.Apply(model.DecoderActivation, functional.linear(y, w2, b2));

        // c_r Σ_k ‖x_k − z_k‖² and δ3 = ∂J/∂P3 = 2 c_r (Z − X) ⊙ ψ'(P3)   ((Z − X)/R ⊙ ψ' for mean), (R, N)
        var (reconstruction, delta3) = ReconstructionAndDelta(model.DecoderActivation, z, x, cr);
        var weightDecay = w1.Squared().sum().Plus(w2.Squared().sum()).Times(0.5 * o.WeightDecay);
        var rhoHat = model.EncoderActivation.Activity(y).mean(new long[] { 0 });   // (H)
        var sparsity = KlDivergence.Sum(rhoHat, o.TargetActivation).Times(cs);
        var total = reconstruction.Plus(weightDecay).Plus(sparsity);

        // s_i = c_s · KL'(ρ̂_i) · (da/dy) / R: the sparsity term's share of ∂J/∂Y for every sample
        var s = KlDivergence.Derivative(rhoHat, o.TargetActivation).Times(cs * model.EncoderActivation.ActivitySlope() / batch);
        // δ2 = (δ3 W2 + s) ⊙ φ'(P2), s broadcast over the batch as addmm's input
        var delta2 = addmm(s, delta3, w2, 1, 1).mul_(model.EncoderActivation.DerivativeFromOutput(y));

        var gradients = new Dictionary<string, Tensor>
        {
            // ∂J/∂W1 = δ2ᵀ X + α W1, ∂J/∂b1 = Σ_k δ2
            ["encoder.weight"] = addmm(w1.Times(o.WeightDecay), delta2.t(), x, 1, 1),
            ["encoder.bias"] = delta2.sum(dim: 0L),
            // ∂J/∂W2 = δ3ᵀ Y + α W2, ∂J/∂b2 = Σ_k δ3
            ["decoder.weight"] = addmm(w2.Times(o.WeightDecay), delta3.t(), y, 1, 1),
            ["decoder.bias"] = delta3.sum(dim: 0L),
        };
        var terms = new AutoencoderLossTerms(total, reconstruction, weightDecay, sparsity, rhoHat, y);
        return (terms, new ParameterGradients(total, gradients));
    }

    /// <summary>The reconstruction term and δ3, computed over Z's storage: one fused pass where the tensors allow it,
    /// else the same formula as tensor ops (z − x, its squared sum, then the delta in place).</summary>
    static (Tensor Reconstruction, Tensor Delta) ReconstructionAndDelta(Activation decoder, Tensor z, Tensor x, double cr)
    {
        if (FusedOutputDelta.Supports(z, x) && FusedOutputDelta.SumOfSquaresAndDelta(decoder, z, x, 2 * cr) is { } sum)
            return (tensor(sum * cr, dtype: z.dtype, device: z.device), z);
        var diff = z - x;
        var reconstruction = diff.Squared().sum().Times(cr);
        return (reconstruction, InPlaceActivation.ScaleByDerivative(decoder, diff, z, 2 * cr));
    }
}
