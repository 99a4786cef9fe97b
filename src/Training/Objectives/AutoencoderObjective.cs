using TorchAe.Gradients;
using TorchAe.Losses;
using TorchAe.Models;
using static TorchSharp.torch;

namespace TorchAe.Training.Objectives;

/// <summary>Greedy pretraining of one autoencoder layer on its inputs (the data, or the previous layer's codes).</summary>
public sealed class AutoencoderObjective(SparseAutoencoder model, SparseAutoencoderLossOptions options) : StageObjective(model)
{
    readonly SparseAutoencoderLoss loss = new(options);

    /// <summary>The autoencoder being trained.</summary>
    public SparseAutoencoder Model => model;

    /// <inheritdoc/>
    protected override StageTerms Terms(Tensor inputs, Tensor? targets) => Of(loss.call(inputs, model));

    /// <inheritdoc/>
    protected override (StageTerms Terms, ParameterGradients Gradients) HandTerms(Tensor inputs, Tensor? targets)
    {
        var (terms, gradients) = HandAutoencoder.Compute(model, inputs, options);
        return (Of(terms), gradients);
    }

    static StageTerms Of(AutoencoderLossTerms t) => new(t.Total, t.Reconstruction, t.WeightDecay, t.Sparsity, t.RhoHat);
}
