using TorchAe.Models;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace TorchAe.Losses;

/// <summary>The sparse autoencoder objective J(θ; X) = c_r Σ_k ‖x_k − z_k‖² + α Ω + c_s S (MATH.md), where the
/// normalisation fixes c_r and c_s. Forward runs the model on the batch and returns every term.</summary>
public sealed class SparseAutoencoderLoss : Module<Tensor, SparseAutoencoder, AutoencoderLossTerms>
{
    public SparseAutoencoderLoss(SparseAutoencoderLossOptions options) : base(nameof(SparseAutoencoderLoss))
    {
        Options = options;
    }

    public SparseAutoencoderLossOptions Options { get; }

    /// <param name="input">X, (R, N).</param>
    public override AutoencoderLossTerms forward(Tensor input, SparseAutoencoder model)
    {
        long batch = input.shape[0];
        var (hidden, reconstruction) = model.call(input);              // (R, H), (R, N)
        var o = Options;

        // c_r Σ_k ‖x_k − z_k‖²: ½/R (mean), ½ (sum), 1/R (msesparse). mse_loss(sum) is the same sum of squares, but its
        // backward is one fused pass 2(z − x)·g instead of square's two, and it keeps no (R, N) difference for backward.
        var reconstructionTerm = functional.mse_loss(reconstruction, input, Reduction.Sum) * o.Objective.ReconstructionScale(batch);

        // α Ω, Ω = ½ (‖W1‖² + ‖W2‖²), biases excluded
        var weightDecay = (model.Encoder.weight.square().sum() + model.Decoder.weight.square().sum()) * (0.5 * o.WeightDecay);

        // ρ̂_i = (1/R) Σ_k a_i(k), a = y (sigmoid) or (y + 1)/2 (tanh); c_s S = β Σ_i KL(ρ‖ρ̂_i) (×R for sum)
        var rhoHat = model.EncoderActivation.Activity(hidden).mean(new long[] { 0 });
        var sparsity = KlDivergence.Sum(rhoHat, o.TargetActivation) * o.Objective.SparsityScale(o.SparsityWeight, batch);

        var total = reconstructionTerm + weightDecay + sparsity;
        return new AutoencoderLossTerms(total, reconstructionTerm, weightDecay, sparsity, rhoHat, hidden);
    }
}
