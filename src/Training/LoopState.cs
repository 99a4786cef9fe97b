using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TorchAe.Training;

/// <summary>The loop's own state within a stage (early stopping, elapsed time), kept in checkpoints.</summary>
public sealed class LoopState : IDisposable
{
    public double BestLoss { get; set; } = double.PositiveInfinity;
    public int BestEpoch { get; set; }
    public bool Stopped { get; set; }
    public double Seconds { get; set; }
    public Tensor[]? BestParameters { get; private set; }

    public void KeepBest(IReadOnlyList<Parameter> parameters)
    {
        using var _ = no_grad();
        if (BestParameters is null) BestParameters = parameters.Select(p => p.detach().clone().DetachFromDisposeScope()).ToArray();
        else for (int i = 0; i < parameters.Count; i++) BestParameters[i].copy_(parameters[i]);
    }

    public void Restore(Tensor[] best) => BestParameters = best.Select(t => t.clone().DetachFromDisposeScope()).ToArray();

    public void Dispose()
    {
        foreach (var t in BestParameters ?? []) t.Dispose();
        BestParameters = null;
    }
}
