using TorchAe.Training.Objectives;
using TorchAe.Training.Optimizers;

namespace TorchAe.Training;

/// <summary>The softmax head on the code of the last encoder (<see cref="Stage.Layer"/> = L), encoders fixed; once
/// trained, a frozen copy of the head is kept for the accuracy before fine-tuning.</summary>
public sealed record ClassifierStage(int Layer) : Stage(Layer)
{
    /// <summary>The <c>stage</c> column: <c>classifier</c>.</summary>
    public const string Id = "classifier";

    /// <inheritdoc/>
    public override string Name => Id;

    /// <inheritdoc/>
    public override OptimizerSettings Optimizer(PipelineSpec spec) => spec.Classifier;

    internal override IStageObjective Objective(PipelineSpec spec, RunModels models) =>
        new ClassifierObjective(models.Classifier, spec.ClassifierLambda);

    internal override TrainingData? Inputs(RunModels models, TrainingData? data) => models.Codes(data, Layer);

    internal override void HandOn(RunModels models) => models.KeepClassifier();
}
