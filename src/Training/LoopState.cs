using System.Text.Json.Serialization;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TorchAe.Training;

/// <summary>The loop's own state within a stage: the last finished epoch, the optimiser's evaluations so far, early
/// stopping, elapsed time. A checkpoint keeps its numbers as JSON and the best weights as tensors.</summary>
public sealed class LoopState : IDisposable
{
    /// <summary>The last finished epoch (0 = not begun).</summary>
    public int Epoch { get; set; }
    /// <summary>Evaluations of J and its gradient so far in the stage (L-BFGS's line search makes several per iteration).</summary>
    public long Evaluations { get; set; }
    /// <summary>The best value so far of early stopping's criterion: the validation loss, or the validation error
    /// (<see cref="StageSettings.EarlyStoppingMetric"/>); the checkpoint keeps it as best_loss.</summary>
    public double BestLoss { get; set; } = double.PositiveInfinity;
    /// <summary>The epoch of <see cref="BestLoss"/> (0 = none yet).</summary>
    public int BestEpoch { get; set; }
    /// <summary>Whether the stage has stopped (converged, early stop, evaluation budget).</summary>
    public bool Stopped { get; set; }
    /// <summary>Wall time spent in the stage so far.</summary>
    public double Seconds { get; set; }
    /// <summary>Copies of the parameters at <see cref="BestEpoch"/> (early stopping restores them).</summary>
    [JsonIgnore] public Tensor[]? BestParameters { get; private set; }

    /// <summary>Copies <paramref name="parameters"/> into <see cref="BestParameters"/>.</summary>
    public void KeepBest(IReadOnlyList<Parameter> parameters)
    {
        using var _ = no_grad();
        if (BestParameters is null) BestParameters = parameters.Select(p => p.detach().clone().DetachFromDisposeScope()).ToArray();
        else for (int i = 0; i < parameters.Count; i++) BestParameters[i].copy_(parameters[i]);
    }

    /// <summary>Sets <see cref="BestParameters"/> to copies of <paramref name="best"/> on <paramref name="device"/> (from a checkpoint).</summary>
    public void Restore(IReadOnlyList<Tensor> best, Device device) =>
        BestParameters = best.Count == 0 ? null : best.Select(t => t.to(device).clone().DetachFromDisposeScope()).ToArray();

    /// <summary>Frees <see cref="BestParameters"/>.</summary>
    public void Dispose()
    {
        foreach (var t in BestParameters ?? []) t.Dispose();
        BestParameters = null;
    }
}
