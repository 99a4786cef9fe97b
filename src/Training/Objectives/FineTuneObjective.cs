using TorchAe.Gradients;
using TorchAe.Losses;
using TorchAe.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TorchAe.Training.Objectives;

/// <summary>End-to-end fine-tuning of the encoder stack and its head on cross-entropy + (λ/2)‖Ws‖² (+ (λe/2) Σ‖Wl‖²),
/// as UFLDL's stackedAECost.m; decoders are gone.</summary>
public sealed class FineTuneObjective(StackedAutoencoder stack, double lambda, double encoderLambda) : IStageObjective
{
    readonly (string, Parameter)[] named = stack.named_parameters().ToArray();
    readonly Tensor[] encoderWeights = stack.Encoders.Select(e => (Tensor)e.weight).ToArray();

    public string Stage => "finetune";
    public int Layer => stack.Encoders.Count;
    public IReadOnlyList<Parameter> Parameters { get; } = stack.parameters().ToArray();

    public StageTerms Evaluate(Tensor inputs, Tensor? targets, GradientSource source)
    {
        if (source == GradientSource.Hand)
        {
            var hand = HandClassifier.Stack(stack, inputs, targets!, lambda, encoderLambda);
            GradientAssignment.Assign(named, hand.Gradients);
            return new StageTerms(hand.Loss);
        }
        GradientAssignment.Clear(Parameters);
        var (total, _) = SoftmaxLoss.Compute(stack.call(inputs), targets!, stack.Classifier.Weight, lambda, encoderWeights, encoderLambda);
        total.backward();
        return new StageTerms(total.detach());
    }

    public double Loss(Tensor inputs, Tensor? targets)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        return SoftmaxLoss.Compute(stack.call(inputs), targets!, stack.Classifier.Weight, lambda, encoderWeights, encoderLambda).Total.ToDouble();
    }

    public double? Accuracy(Tensor inputs, Tensor? targets) => Evaluation.Accuracy(stack, new TrainingData(inputs, targets));
}
