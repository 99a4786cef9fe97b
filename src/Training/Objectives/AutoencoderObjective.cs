using TorchAe.Data;
using TorchAe.Gradients;
using TorchAe.Losses;
using TorchAe.Models;
using static TorchSharp.torch;

namespace TorchAe.Training.Objectives;

/// <summary>Greedy pretraining of one autoencoder layer on its inputs (the data, or the previous layer's codes). With a
/// <paramref name="corruption"/> it is a denoising autoencoder: the model reads X̃ and the loss compares with the clean X.</summary>
public sealed class AutoencoderObjective(SparseAutoencoder model, SparseAutoencoderLossOptions options, Corruption? corruption = null) : StageObjective(model)
{
    readonly Corruption corruption = corruption ?? Corruption.None;

    readonly SparseAutoencoderLoss loss = new(options);

    /// <summary>The autoencoder being trained.</summary>
    public SparseAutoencoder Model => model;

    /// <inheritdoc/>
    protected override StageTerms Terms(Tensor inputs, Tensor? targets) => Of(loss.call(inputs, model));

    /// <inheritdoc/>
    protected override StageTerms Terms(Tensor inputs, Tensor corrupted, Tensor? targets) => Of(loss.Compute(corrupted, inputs, model));

    /// <inheritdoc/>
    protected override (StageTerms Terms, ParameterGradients Gradients) HandTerms(Tensor inputs, Tensor? targets)
    {
        var (terms, gradients) = HandAutoencoder.Compute(model, inputs, options);
        return (Of(terms), gradients);
    }

    /// <inheritdoc/>
    protected override (StageTerms Terms, ParameterGradients Gradients) HandTerms(Tensor inputs, Tensor corrupted, Tensor? targets)
    {
        var (terms, gradients) = HandAutoencoder.Compute(model, corrupted, options, clean: inputs);
        return (Of(terms), gradients);
    }

    /// <inheritdoc/>
    public override bool Corrupts => !corruption.IsNone;

    /// <inheritdoc/>
    public override Tensor Corrupt(Tensor inputs, Generator noise) => corruption.Apply(inputs, noise);

    // The contraction column is left empty for layers without the penalty.
    StageTerms Of(AutoencoderLossTerms t) => new(t.Total, t.Reconstruction, t.WeightDecay, t.Sparsity, t.RhoHat, options.Contraction > 0 ? t.Contraction : null);
}
