using TorchAe.Gradients;
using TorchAe.Losses;
using TorchAe.Models;
using static TorchSharp.torch;

namespace TorchAe.Training.Objectives;

/// <summary>The softmax head alone on fixed codes: (1/R) Σ −log p(t|y) + (λ/2)‖Ws‖².</summary>
public sealed class ClassifierObjective(SoftmaxClassifier head, double lambda) : StageObjective(head)
{
    /// <inheritdoc/>
    protected override StageTerms Terms(StageBatch batch) =>
        new(SoftmaxLoss.Compute(head.call(batch.Inputs), batch.Targets!, head.Weight, lambda).Total);

    /// <inheritdoc/>
    protected override (StageTerms Terms, ParameterGradients Gradients) HandTerms(StageBatch batch)
    {
        var hand = HandClassifier.Softmax(head, batch.Inputs, batch.Targets!, lambda);
        return (new StageTerms(hand.Loss), hand);
    }

    /// <inheritdoc/>
    public override nn.Module<Tensor, Tensor> Classifier => head;
}
