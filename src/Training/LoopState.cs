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
    public long Evaluations { get; set; }
    public double BestLoss { get; set; } = double.PositiveInfinity;
    public int BestEpoch { get; set; }
    public bool Stopped { get; set; }
    public double Seconds { get; set; }
    [JsonIgnore] public Tensor[]? BestParameters { get; private set; }

    public void KeepBest(IReadOnlyList<Parameter> parameters)
    {
        using var _ = no_grad();
        if (BestParameters is null) BestParameters = parameters.Select(p => p.detach().clone().DetachFromDisposeScope()).ToArray();
        else for (int i = 0; i < parameters.Count; i++) BestParameters[i].copy_(parameters[i]);
    }

    public void Restore(IReadOnlyList<Tensor> best, Device device) =>
        BestParameters = best.Count == 0 ? null : best.Select(t => t.to(device).clone().DetachFromDisposeScope()).ToArray();

    public void Dispose()
    {
        foreach (var t in BestParameters ?? []) t.Dispose();
        BestParameters = null;
    }
}
