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
    protected override StageTerms Terms(StageBatch batch) =>
        Of(batch.Corrupted is { } corrupted ? loss.Compute(corrupted, batch.Inputs, model) : loss.call(batch.Inputs, model));

    /// <inheritdoc/>
    protected override (StageTerms Terms, ParameterGradients Gradients) HandTerms(StageBatch batch)
    {
        var (terms, gradients) = HandAutoencoder.Compute(model, batch.Read, loss.Terms, clean: batch.Inputs);
        return (Of(terms), gradients);
    }

    /// <inheritdoc/>
    public override bool Corrupts => !corruption.IsNone;

    /// <inheritdoc/>
    public override Tensor Corrupt(Tensor inputs, Generator noise) => corruption.Apply(inputs, noise);

    // A column of a term the layer does not have (contraction without λ_c) is left empty.
    static StageTerms Of(AutoencoderLossTerms t) => new(t.Total, t.Terms, t.RhoHat);
}
