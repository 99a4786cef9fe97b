using TorchAe.Kernels;
using TorchAe.Training.Objectives;
using TorchAe.Training.Optimizers;
using static TorchSharp.torch;

namespace TorchAe.Training;

/// <summary>Greedy pretraining of autoencoder <see cref="Stage.Layer"/> on the codes of the layers below it (the data
/// for layer 1), with its own loss options (ρ, β, α); once trained, a frozen copy is kept as pretraining left it.</summary>
public sealed record PretrainStage(int Layer) : Stage(Layer)
{
    /// <summary>The <c>stage</c> column: <c>pretrain</c>.</summary>
    public const string Id = "pretrain";

    /// <inheritdoc/>
    public override string Name => Id;

    /// <inheritdoc/>
    public override string Label => $"{Id} layer {Layer}";

    /// <inheritdoc/>
    public override OptimizerSettings Optimizer(PipelineSpec spec) => spec.Pretrain;

    internal override IStageObjective Objective(PipelineSpec spec, RunModels models) =>
        new AutoencoderObjective(models.Autoencoders[Layer - 1], spec.Layers[Layer - 1].Loss, spec.Layers[Layer - 1].Corruption);

    internal override TrainingData? Inputs(RunModels models, TrainingData? data) => models.Codes(data, Layer - 1);

    internal override void HandOn(RunModels models) => models.KeepPretrained(Layer);

    internal override IReadOnlyList<UnitStatistics> Units(RunModels models, TrainingData train)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var model = models.Pretrained[Layer - 1];
        var inputs = models.Codes(train, Layer - 1)!.Inputs;
        var rhoHat = model.EncoderActivation.Activity(model.Encode(inputs)).mean(new long[] { 0 }).to(ScalarType.Float64).cpu().data<double>().ToArray();
        var norms = model.Encoder.weight.Squared().sum(1).sqrt().to(ScalarType.Float64).cpu().data<double>().ToArray();
        return rhoHat.Select((r, i) => new UnitStatistics(i + 1, r, norms[i])).ToList();
    }
}
