using TorchAe.Training.Objectives;
using TorchAe.Training.Optimizers;

namespace TorchAe.Training;

/// <summary>The stack of the L trained encoders and the head, end to end on the labels of the data itself.</summary>
public sealed record FineTuneStage(int Layer) : Stage(Layer)
{
    /// <summary>The <c>stage</c> column: <c>finetune</c>.</summary>
    public const string Id = "finetune";

    /// <inheritdoc/>
    public override string Name => Id;

    /// <inheritdoc/>
    public override OptimizerSettings Optimizer(PipelineSpec spec) => spec.FineTuning;

    internal override IStageObjective Objective(PipelineSpec spec, RunModels models) =>
        new FineTuneObjective(models.Stack(), spec.ClassifierLambda, spec.FineTuneEncoderLambda);

    internal override TrainingData? Inputs(RunModels models, TrainingData? data) => data;
}
