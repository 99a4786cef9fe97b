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
    /// <summary>The autoencoders 1 … L: hidden size H_l, activations and the loss options (ρ, β, α) of each.</summary>
    public IReadOnlyList<LayerSpec> Layers { get; init; } = [new() { Hidden = 100 }, new() { Hidden = 50 }];
    /// <summary>How each autoencoder is pretrained (default L-BFGS, 400 iterations).</summary>
    public OptimizerSettings Pretrain { get; init; } = new();
    /// <summary>How the softmax head is trained on the last code (default L-BFGS, 100 iterations).</summary>
    public OptimizerSettings Classifier { get; init; } = new() { Epochs = 100 };
    /// <summary>λ_s, the softmax weight decay (UFLDL 1e-4).</summary>
    public double ClassifierLambda { get; init => field = Options.Check.NonNegative(value, "classifier_lambda"); } = 1e-4;
    /// <summary>Whether the stack is fine-tuned end to end after the head is trained.</summary>
    public bool FineTune { get; init; } = true;
    /// <summary>How the stack is fine-tuned (default L-BFGS, 100 iterations).</summary>
    public OptimizerSettings FineTuning { get; init; } = new() { Epochs = 100 };
    /// <summary>Optional decay on the encoder weights during fine-tuning (UFLDL's stackedAECost uses none).</summary>
    public double FineTuneEncoderLambda { get; init => field = Options.Check.NonNegative(value, "finetune_encoder_lambda"); }
    /// <summary>Gradient source, accuracy cadence, early stopping and checkpoint cadence, for every stage.</summary>
    public StageSettings Settings { get; init; } = new();
}
