using TorchAe.Gradients;
using TorchAe.Losses;
using TorchAe.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TorchAe.Training.Objectives;

/// <summary>The softmax head alone on fixed codes: (1/R) Σ −log p(t|y) + (λ/2)‖Ws‖².</summary>
public sealed class ClassifierObjective(SoftmaxClassifier head, double lambda, int layer) : IStageObjective
{
    readonly (string, Parameter)[] named = head.named_parameters().ToArray();

    public string Stage => "classifier";
    public int Layer => layer;
    public IReadOnlyList<Parameter> Parameters { get; } = head.parameters().ToArray();

    public StageTerms Evaluate(Tensor inputs, Tensor? targets, GradientSource source)
    {
        if (source == GradientSource.Hand)
        {
            var hand = HandClassifier.Softmax(head, inputs, targets!, lambda);
            GradientAssignment.Assign(named, hand.Gradients);
            return new StageTerms(hand.Loss);
        }
        GradientAssignment.Clear(Parameters);
        var (total, _) = SoftmaxLoss.Compute(head.call(inputs), targets!, head.Weight, lambda);
        total.backward();
        return new StageTerms(total.detach());
    }

    public double Loss(Tensor inputs, Tensor? targets)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        return SoftmaxLoss.Compute(head.call(inputs), targets!, head.Weight, lambda).Total.ToDouble();
    }

    public double? Accuracy(Tensor inputs, Tensor? targets) => Evaluation.Accuracy(head.call, inputs, targets!);
}
