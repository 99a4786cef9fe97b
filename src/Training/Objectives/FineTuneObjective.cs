using TorchAe.Gradients;
using TorchAe.Losses;
using TorchAe.Models;
using static TorchSharp.torch;

namespace TorchAe.Training.Objectives;

/// <summary>End-to-end fine-tuning of the encoder stack and its head on cross-entropy + (λ/2)‖Ws‖² (+ (λe/2) Σ‖Wl‖²),
/// as UFLDL's stackedAECost.m; decoders are gone.</summary>
public sealed class FineTuneObjective(StackedAutoencoder stack, double lambda, double encoderLambda) : StageObjective(stack)
{
    readonly Tensor[] encoderWeights = stack.Encoders.Select(e => (Tensor)e.weight).ToArray();

    /// <summary>From the stack's parameter names: <c>encoders.{l−1}.weight|bias</c> is layer l, <c>classifier.*</c> layer L + 1.</summary>
    public override IReadOnlyList<(int Layer, bool Bias)> ParameterLayers { get; } = stack.named_parameters().Select(p => p.name.Split('.') switch
    {
        ["encoders", var l, var kind] => (int.Parse(l, System.Globalization.CultureInfo.InvariantCulture) + 1, kind == "bias"),
        ["classifier", var kind] => (stack.Encoders.Count + 1, kind == "bias"),
        _ => throw new InvalidOperationException($"stack parameter '{p.name}' belongs to no layer"),
    }).ToArray();

    /// <inheritdoc/>
    protected override StageTerms Terms(StageBatch batch) =>
        new(SoftmaxLoss.Compute(stack.call(batch.Inputs), batch.Targets!, stack.Classifier.Weight, lambda, encoderWeights, encoderLambda).Total);

    /// <inheritdoc/>
    protected override (StageTerms Terms, ParameterGradients Gradients) HandTerms(StageBatch batch)
    {
        var hand = HandClassifier.Stack(stack, batch.Inputs, batch.Targets!, lambda, encoderLambda);
        return (new StageTerms(hand.Loss), hand);
    }

    /// <inheritdoc/>
    public override nn.Module<Tensor, Tensor> Classifier => stack;
}
