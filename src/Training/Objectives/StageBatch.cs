using static TorchSharp.torch;

namespace TorchAe.Training.Objectives;

/// <summary>One batch a stage objective is evaluated on: the inputs (R, N) — the clean targets of a reconstruction —, the
/// class targets where the stage has them, and the corrupted inputs X̃ a denoising autoencoder reads instead (null: none).</summary>
public sealed record StageBatch(Tensor Inputs, Tensor? Targets, Tensor? Corrupted = null)
{
    /// <summary>What the model reads: X̃ when the batch is corrupted, else the inputs.</summary>
    public Tensor Read => Corrupted ?? Inputs;
}
