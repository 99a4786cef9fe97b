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

    /// <param name="input">X, (R, N): input and reconstruction target.</param>
    public override AutoencoderLossTerms forward(Tensor input, SparseAutoencoder model) => Compute(input, input, model);

    /// <summary>The denoising objective: the encoder reads <paramref name="input"/> (X̃, e.g. a corrupted batch) and the
    /// reconstruction is compared with <paramref name="clean"/> (X); both (R, N). With input = clean it is <see cref="forward"/>.</summary>
    public AutoencoderLossTerms Compute(Tensor input, Tensor clean, SparseAutoencoder model)
    {
        long batch = input.shape[0];
        var o = Options;
        RequireSigmoidForCrossEntropy(o, model);
        var hidden = model.Encode(input);                               // Y = φ(X̃ W1ᵀ + b1), (R, H)
        var potential = model.Decoder.call(hidden);                     // P3 = Y W2ᵀ + b2, (R, N)

        Tensor reconstructionTerm;
        if (o.Reconstruction == ReconstructionLoss.CrossEntropy)
            // c_r Σ_k −[x log z + (1 − x) log(1 − z)], z = σ(P3), from the logits (finite for every P3): 1/R (mean,
            // msesparse), 1 (sum)
            reconstructionTerm = functional.binary_cross_entropy_with_logits(potential, clean, reduction: Reduction.Sum)
                                 .Times(o.Objective.CrossEntropyScale(batch));
        else
        {
            // c_r Σ_k ‖x_k − z_k‖², z = ψ(P3): ½/R (mean), ½ (sum), 1/R (msesparse)
            double cr = o.Objective.ReconstructionScale(batch);
            reconstructionTerm = Fused && FusedReconstructionError.Supports(potential, clean)
                ? FusedReconstructionError.apply(potential, clean, model.DecoderActivation, cr)
                // mse_loss(sum) is the same sum of squares; its backward is one pass 2(z − x)·g instead of square's two
                : functional.mse_loss(model.DecoderActivation.Apply(potential), clean, Reduction.Sum).Times(cr);
        }

        // α Ω, Ω = ½ (‖W1‖² + ‖W2‖²), biases excluded; tied: ½‖W1‖² (each weight parameter once)
        Tensor[] weights = [.. model.Weights];
        var weightDecay = Fused && FusedWeightDecay.Supports(weights)
            ? FusedWeightDecay.apply([0.5 * o.WeightDecay, .. weights])
            : weights.Select(w => w.Squared().sum()).Aggregate((a, b) => a.Plus(b)).Times(0.5 * o.WeightDecay);

        // ρ̂_i = (1/R) Σ_k a_i(k), a = y (sigmoid) or (y + 1)/2 (tanh); c_s S = β Σ_i KL(ρ‖ρ̂_i) (×R for sum)
        var rhoHat = model.EncoderActivation.Activity(hidden).mean(new long[] { 0 });
        double cs = o.Objective.SparsityScale(o.SparsityWeight, batch);
        var sparsity = Fused && FusedKlDivergence.Supports(rhoHat)
            ? FusedKlDivergence.apply(rhoHat, o.TargetActivation, cs)
            : KlDivergence.Sum(rhoHat, o.TargetActivation).Times(cs);

        var total = reconstructionTerm.Plus(weightDecay).Plus(sparsity);
        // c_c Σ_k ‖J_f(x̃_k)‖²_F: λ_c/R (mean, msesparse), λ_c (sum); left out of the graph when λ_c = 0
        Tensor contraction;
        if (o.Contraction > 0)
        {
            contraction = Contraction.Sum(hidden, model.Encoder.weight, model.EncoderActivation).Times(o.Objective.ContractionScale(o.Contraction, batch));
            total = total.Plus(contraction);
        }
        else
            contraction = zeros(new long[0], dtype: total.dtype, device: total.device);
        return new AutoencoderLossTerms(total, reconstructionTerm, weightDecay, sparsity, rhoHat, hidden) { Contraction = contraction };
    }

    /// <summary>Cross-entropy compares probabilities: a tanh or linear decoder is refused with <see cref="Options.OptionException"/>.</summary>
    public static void RequireSigmoidForCrossEntropy(SparseAutoencoderLossOptions options, SparseAutoencoder model)
    {
        if (options.Reconstruction == ReconstructionLoss.CrossEntropy && model.DecoderActivation != Activation.Sigmoid)
            throw new TorchAe.Options.OptionException("reconstruction", "cross-entropy",
                $"squared with a {model.DecoderActivation.Name()} decoder (cross-entropy needs sigmoid outputs in (0, 1))");
    }
}
