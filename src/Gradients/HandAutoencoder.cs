using TorchAe.Kernels;
using TorchAe.Losses;
using TorchAe.Models;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace TorchAe.Gradients;

/// <summary>The lecture's hand-derived backprop for one sparse autoencoder (docs/math.md), no autograd. It returns the same
/// terms as <see cref="SparseAutoencoderLoss"/> and the gradient of the total for every parameter: each
/// <see cref="AutoencoderTerm"/> gives its share (<see cref="AutoencoderTerm.Hand"/>), and the backward pass through the
/// network is done once, here.</summary>
/// <remarks>Written for speed without changing the math: the (R, N) tensors are computed in place where their old
/// values are no longer needed, and sums with a product are fused into one addmm (beta = alpha = 1, exact).</remarks>
public static class HandAutoencoder
{
    /// <summary>J and its gradient for <paramref name="model"/> on the batch <paramref name="x"/> (R, N) with the terms of
    /// <paramref name="o"/>: δ3 = ∂J/∂P3 (the reconstruction's), δ2 = (δ3 W2 + ∂J/∂Y) ⊙ φ′ + ∂J/∂P2 (the terms' direct
    /// shares, e.g. sparsity's c_s KL′(ρ̂)/R and contraction's), ∂J/∂W2 = δ3ᵀ Y + direct (αW2), ∂J/∂W1 = δ2ᵀ X + direct
    /// (αW1, contraction's) (+ tied: Yᵀ δ3) (docs/math.md). <paramref name="clean"/>: the reconstruction target when
    /// <paramref name="x"/> is a corrupted batch (X̃), else X itself. Gradients are keyed by parameter name
    /// (<c>encoder.weight</c>, …); the model's own .grad is untouched.</summary>
    public static (AutoencoderLossTerms Terms, ParameterGradients Gradients) Compute(SparseAutoencoder model, Tensor x, SparseAutoencoderLossOptions o, Tensor? clean = null) =>
        Compute(model, x, o.Terms(), clean);

    /// <summary>J = Σ <paramref name="terms"/> (in their order) and its gradient, as the other overload (which takes the
    /// terms of its options); the terms must include one <see cref="ReconstructionTerm"/>.</summary>
    public static (AutoencoderLossTerms Terms, ParameterGradients Gradients) Compute(SparseAutoencoder model, Tensor x, IReadOnlyList<AutoencoderTerm> terms, Tensor? clean = null)
    {
        using var _ = no_grad();
        foreach (var term in terms) term.Check(model);
        var phi = model.EncoderActivation;
        Tensor w1 = model.Encoder.weight, b1 = model.Encoder.bias!, w2 = model.DecoderWeight, b2 = model.DecoderBias;

        // Forward: Y = φ(X W1ᵀ + b1) (R, H); P3 = Y W2ᵀ + b2 (R, N), each activation applied to its fresh potential
        var y = InPlaceActivation.Apply(phi, functional.linear(x, w1, b1));
        var potential = functional.linear(y, w2, b2);

        var pass = new AutoencoderPass(model, x, clean ?? x, y, potential, fused: false);
        var gradient = new HandGradient();
        var values = terms.Select(t => (t.Name, Value: t.Hand(pass, gradient))).ToList();
        // J = Σ_terms c·T, summed in the terms' order
        var total = values.Select(v => v.Value).Aggregate((a, b) => a.Plus(b));

        var delta3 = gradient.Output ?? throw new InvalidOperationException("the objective has no reconstruction term (δ3)");
        // δ2 = (δ3 W2 + ∂J/∂Y) ⊙ φ'(P2) + ∂J/∂P2, ∂J/∂Y (e.g. s, (H)) broadcast over the batch as addmm's input
        var delta2 = (gradient.Hidden is { } direct ? addmm(direct, delta3, w2, 1, 1) : delta3.mm(w2)).mul_(phi.DerivativeFromOutput(y));
        if (gradient.HiddenPotential is { } potentialShare) delta2.AddInPlace(potentialShare);

        // ∂J/∂W1 = δ2ᵀ X + direct (+ tied: Yᵀ δ3, as W2 = W1ᵀ: its gradient (δ3ᵀ Y)ᵀ joins W1's)
        var encoderWeight = Product(gradient, "encoder.weight", delta2.t(), x);
        if (model.Tied) encoderWeight.addmm_(y.t(), delta3);

        var gradients = new Dictionary<string, Tensor>
        {
            ["encoder.weight"] = encoderWeight,
            ["encoder.bias"] = WithDirect(gradient, "encoder.bias", delta2.sum(dim: 0L)),          // ∂J/∂b1 = Σ_k δ2
        };
        // ∂J/∂W2 = δ3ᵀ Y + direct (untied only), ∂J/∂b2 = Σ_k δ3
        if (!model.Tied) gradients["decoder.weight"] = Product(gradient, "decoder.weight", delta3.t(), y);
        gradients["decoder.bias"] = WithDirect(gradient, "decoder.bias", delta3.sum(dim: 0L));
        return (new AutoencoderLossTerms(total, values, pass.RhoHat, y), new ParameterGradients(total, gradients));
    }

    /// <summary>a b + the terms' direct gradient of <paramref name="name"/>, one addmm when there is one.</summary>
    static Tensor Product(HandGradient gradient, string name, Tensor a, Tensor b) =>
        gradient.Direct.TryGetValue(name, out var direct) ? addmm(direct, a, b, 1, 1) : a.mm(b);

    static Tensor WithDirect(HandGradient gradient, string name, Tensor sum) =>
        gradient.Direct.TryGetValue(name, out var direct) ? sum.AddInPlace(direct) : sum;
}
