using TorchAe.Gradients;
using TorchAe.Losses;
using TorchAe.Models;
using static TorchSharp.torch;

namespace TorchAe.Training.Objectives;

/// <summary>The softmax head alone on fixed codes: (1/R) Σ −log p(t|y) + (λ/2)‖Ws‖².</summary>
public sealed class ClassifierObjective(SoftmaxClassifier head, double lambda) : StageObjective(head)
{
    /// <inheritdoc/>
    protected override StageTerms Terms(Tensor inputs, Tensor? targets) =>
        new(SoftmaxLoss.Compute(head.call(inputs), targets!, head.Weight, lambda).Total);

    /// <inheritdoc/>
    protected override (StageTerms Terms, ParameterGradients Gradients) HandTerms(Tensor inputs, Tensor? targets)
    {
        var hand = HandClassifier.Softmax(head, inputs, targets!, lambda);
        return (new StageTerms(hand.Loss), hand);
    }

    /// <inheritdoc/>
    public override nn.Module<Tensor, Tensor> Classifier => head;
}
