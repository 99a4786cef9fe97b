using TorchAe.Training.Optimizers;

namespace TorchAe.Training;

/// <summary>The lecture's cascade: greedy pretraining of each layer, the softmax head on the last code, then end-to-end
/// fine-tuning. Defaults are the lecture's shapes study (900 → 100 → 50 → 4 is set by the data and <see cref="Layers"/>).</summary>
public sealed record PipelineSpec
{
    /// <summary>The data's feature count, when the experiment pins it (a mismatch with the data is refused); null = take the data's.</summary>
    public int? InputSize { get; init => field = value is null ? null : Options.Check.Positive(value.Value, "input_size"); }
    /// <summary>Pretrained (the lecture's procedure) or random: the same stack fine-tuned from its initial weights.</summary>
    public Initialization Init { get; init; } = Initialization.Pretrained;
    public IReadOnlyList<LayerSpec> Layers { get; init; } = [new() { Hidden = 100 }, new() { Hidden = 50 }];
    public OptimizerSettings Pretrain { get; init; } = new();
    public OptimizerSettings Classifier { get; init; } = new() { Epochs = 100 };
    /// <summary>λ_s, the softmax weight decay (UFLDL 1e-4).</summary>
    public double ClassifierLambda { get; init => field = Options.Check.NonNegative(value, "classifier_lambda"); } = 1e-4;
    public bool FineTune { get; init; } = true;
    public OptimizerSettings FineTuning { get; init; } = new() { Epochs = 100 };
    /// <summary>Optional decay on the encoder weights during fine-tuning (UFLDL's stackedAECost uses none).</summary>
    public double FineTuneEncoderLambda { get; init => field = Options.Check.NonNegative(value, "finetune_encoder_lambda"); }
    public StageSettings Settings { get; init; } = new();
}
