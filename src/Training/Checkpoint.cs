using static TorchSharp.torch;

namespace TorchAe.Training;

/// <summary>A checkpoint as the pipeline reads it: where the run stands, the state_dict of its <see cref="RunModels"/>,
/// and — when it was written inside a stage — where that stage continues.</summary>
public sealed record Checkpoint(CheckpointState State, IReadOnlyDictionary<string, Tensor> Models, ResumePoint? InStage);
