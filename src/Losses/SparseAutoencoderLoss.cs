using TorchAe.Kernels;
using TorchAe.Models;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace TorchAe.Losses;

/// <summary>The sparse autoencoder objective J(θ; X) = c_r Σ_k ‖x_k − z_k‖² + α Ω + c_s S (docs/math.md), where the
/// normalisation fixes c_r and c_s. Forward runs the model on the batch and returns every term.</summary>
public sealed class SparseAutoencoderLoss : Module<Tensor, SparseAutoencoder, AutoencoderLossTerms>
{
    /// <param name="fused">compute each term as one autograd node (<see cref="FusedReconstructionError"/>,
    /// <see cref="FusedWeightDecay"/>, <see cref="FusedKlDivergence"/>) where the tensors allow it; false keeps the graph
    /// made of library ops only (the gradient checker's reference).</param>
    public SparseAutoencoderLoss(SparseAutoencoderLossOptions options, bool fused = true) : base(nameof(SparseAutoencoderLoss))
    {
        Options = options;
        Fused = fused;
    }

    /// <summary>ρ, β, α and the normalisation.</summary>
    public SparseAutoencoderLossOptions Options { get; }
    /// <summary>Whether each term may be one fused autograd node (see the constructor).</summary>
    public bool Fused { get; }

    /// <param name="input">X, (R, N).</param>
    public override AutoencoderLossTerms forward(Tensor input, SparseAutoencoder model)
    {
        long batch = input.shape[0];
        var o = Options;
        var hidden = model.Encode(input);                               // Y = φ(X W1ᵀ + b1), (R, H)
        var potential = model.Decoder.call(hidden);                     // P3 = Y W2ᵀ + b2, (R, N)
        double cr = o.Objective.ReconstructionScale(batch);

        // c_r Σ_k ‖x_k − z_k‖², z = ψ(P3): ½/R (mean), ½ (sum), 1/R (msesparse)
        var reconstructionTerm = Fused && FusedReconstructionError.Supports(potential, input)
            ? FusedReconstructionError.apply(potential, input, model.DecoderActivation, cr)
            // mse_loss(sum) is the same sum of squares; its backward is one pass 2(z − x)·g instead of square's two
            : functional.mse_loss(model.DecoderActivation.Apply(potential), input, Reduction.Sum).Times(cr);

        // α Ω, Ω = ½ (‖W1‖² + ‖W2‖²), biases excluded
        Tensor w1 = model.Encoder.weight, w2 = model.Decoder.weight;
        var weightDecay = Fused && FusedWeightDecay.Supports(w1, w2)
            ? FusedWeightDecay.apply(0.5 * o.WeightDecay, w1, w2)
            : w1.Squared().sum().Plus(w2.Squared().sum()).Times(0.5 * o.WeightDecay);

        // ρ̂_i = (1/R) Σ_k a_i(k), a = y (sigmoid) or (y + 1)/2 (tanh); c_s S = β Σ_i KL(ρ‖ρ̂_i) (×R for sum)
        var rhoHat = model.EncoderActivation.Activity(hidden).mean(new long[] { 0 });
        double cs = o.Objective.SparsityScale(o.SparsityWeight, batch);
        var sparsity = Fused && FusedKlDivergence.Supports(rhoHat)
            ? FusedKlDivergence.apply(rhoHat, o.TargetActivation, cs)
            : KlDivergence.Sum(rhoHat, o.TargetActivation).Times(cs);

        var total = reconstructionTerm.Plus(weightDecay).Plus(sparsity);
        return new AutoencoderLossTerms(total, reconstructionTerm, weightDecay, sparsity, rhoHat, hidden);
    }
}
