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
    /// <summary>J and its gradient for <paramref name="model"/> on the batch <paramref name="x"/> (R, N) with ρ, β, α and the normalisation of <paramref name="o"/>: δ3 = 2c_r (Z − X) ⊙ ψ′, δ2 = (δ3 W2 + c_s KL′(ρ̂)/R) ⊙ φ′, ∂J/∂W2 = δ3ᵀ Y + αW2, ∂J/∂W1 = δ2ᵀ X + αW1 (docs/math.md), with the
    /// variants' terms where <paramref name="o"/> and the model ask for them (cross-entropy, contraction, tied weights).
    /// <paramref name="clean"/>: the reconstruction target when <paramref name="x"/> is a corrupted batch (X̃), else X itself.
    /// Gradients are keyed by parameter name (<c>encoder.weight</c>, …); the model's own .grad is untouched.</summary>
    public static (AutoencoderLossTerms Terms, ParameterGradients Gradients) Compute(SparseAutoencoder model, Tensor x, SparseAutoencoderLossOptions o, Tensor? clean = null)
    {
        using var _ = no_grad();
        SparseAutoencoderLoss.RequireSigmoidForCrossEntropy(o, model);
        long batch = x.shape[0];
        var target = clean ?? x;
        var phi = model.EncoderActivation;
        Tensor w1 = model.Encoder.weight, b1 = model.Encoder.bias!, w2 = model.DecoderWeight, b2 = model.DecoderBias;
        double cs = o.Objective.SparsityScale(o.SparsityWeight, batch);

        // Forward: Y = φ(X W1ᵀ + b1) (R, H); P3 = Y W2ᵀ + b2 (R, N), each activation applied to its fresh potential
        var y = InPlaceActivation.Apply(phi, functional.linear(x, w1, b1));
        var potential = functional.linear(y, w2, b2);

        // δ3 = ∂J/∂P3, (R, N): squared error 2 c_r (Z − X) ⊙ ψ'(P3) ((Z − X)/R ⊙ ψ' for mean); cross-entropy c_r (Z − X)
        var (reconstruction, delta3) = o.Reconstruction == ReconstructionLoss.CrossEntropy
            ? CrossEntropyAndDelta(potential, target, o.Objective.CrossEntropyScale(batch))
            : ReconstructionAndDelta(model.DecoderActivation, InPlaceActivation.Apply(model.DecoderActivation, potential), target,
                o.Objective.ReconstructionScale(batch));
        // α Ω, Ω = ½ Σ ‖W‖² over the weight parameters (W1 and W2, or W1 alone when tied); 0 without a pass when α = 0
        Tensor Zero() => zeros(new long[0], dtype: reconstruction.dtype, device: reconstruction.device);
        bool decay = o.WeightDecay > 0, sparse = o.SparsityWeight > 0;
        var weightDecay = decay ? model.Weights.Select(w => w.Squared().sum()).Aggregate((a, b) => a.Plus(b)).Times(0.5 * o.WeightDecay) : Zero();
        var rhoHat = phi.Activity(y).mean(new long[] { 0 });   // (H)
        var sparsity = sparse ? KlDivergence.Sum(rhoHat, o.TargetActivation).Times(cs) : Zero();
        var total = reconstruction.Plus(weightDecay).Plus(sparsity);

        // δ2 = (δ3 W2 + s) ⊙ φ'(P2), s broadcast over the batch as addmm's input, where s_i = c_s · KL'(ρ̂_i) · (da/dy) / R
        // is the sparsity term's share of ∂J/∂Y for every sample (left out when β = 0: the same bits, fewer ops)
        var delta2 = (sparse
                ? addmm(KlDivergence.Derivative(rhoHat, o.TargetActivation).Times(cs * phi.ActivitySlope() / batch), delta3, w2, 1, 1)
                : delta3.mm(w2))
            .mul_(phi.DerivativeFromOutput(y));

        // ∂J/∂W1 = δ2ᵀ X + α W1 (+ tied: Yᵀ δ3; + contraction: its direct term); α W1 left out when α = 0 (one pass less)
        var encoderWeightDecay = decay ? w1.Times(o.WeightDecay) : null;
        Tensor contraction;
        if (o.Contraction > 0)
        {
            // c_c C, δ2 += 2 c_c w ⊙ d² ⊙ r and the direct 2 c_c diag(Σ_k d²) W1 (docs/math.md, Contraction)
            var (value, potentialGradient, weightGradient) =
                Losses.Contraction.ValueAndGradient(y, w1, phi, o.Objective.ContractionScale(o.Contraction, batch));
            contraction = value;
            total = total.Plus(contraction);
            delta2.AddInPlace(potentialGradient);
            encoderWeightDecay = encoderWeightDecay is null ? weightGradient : encoderWeightDecay.AddInPlace(weightGradient);
        }
        else
            contraction = Zero();
        var encoderWeight = encoderWeightDecay is null ? delta2.t().mm(x) : addmm(encoderWeightDecay, delta2.t(), x, 1, 1);
        if (model.Tied) encoderWeight.addmm_(y.t(), delta3);                 // W2 = W1ᵀ: its gradient (δ3ᵀ Y)ᵀ joins W1's

        var gradients = new Dictionary<string, Tensor>
        {
            ["encoder.weight"] = encoderWeight,
            ["encoder.bias"] = delta2.sum(dim: 0L),                            // ∂J/∂b1 = Σ_k δ2
        };
        // ∂J/∂W2 = δ3ᵀ Y + α W2 (untied only), ∂J/∂b2 = Σ_k δ3
        if (!model.Tied) gradients["decoder.weight"] = decay ? addmm(w2.Times(o.WeightDecay), delta3.t(), y, 1, 1) : delta3.t().mm(y);
        gradients["decoder.bias"] = delta3.sum(dim: 0L);
        var terms = new AutoencoderLossTerms(total, reconstruction, weightDecay, sparsity, rhoHat, y) { Contraction = contraction };
        return (terms, new ParameterGradients(total, gradients));
    }

    /// <summary>The cross-entropy term c_r Σ [softplus(P3) − x P3] (= −Σ [x log z + (1 − x) log(1 − z)], z = σ(P3)) and
    /// δ3 = c_r (σ(P3) − X), over P3's storage; softplus(P) = max(P, 0) + log1p(e^−|P|) is finite for every P.</summary>
    static (Tensor Reconstruction, Tensor Delta) CrossEntropyAndDelta(Tensor potential, Tensor x, double cr)
    {
        var softplus = potential.ClampedBelow(0).AddInPlace(potential.abs().neg_().exp_().log1p_());
        var reconstruction = softplus.sub_(x * potential).sum().Times(cr);
        return (reconstruction, potential.sigmoid_().sub_(x).ScaleInPlace(cr));
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
