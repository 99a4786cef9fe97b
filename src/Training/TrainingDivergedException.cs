namespace TorchAe.Training;

/// <summary>The loss or its gradient became NaN or ∞. The last good checkpoint (if any) is left as it was.</summary>
public sealed class TrainingDivergedException(string stage, int layer, int epoch, double loss)
    : Exception($"training diverged in {Training.Stage.Describe(stage, layer)} at epoch {epoch}: loss is {loss}")
{
    /// <summary>The stage that diverged: <c>pretrain</c>, <c>classifier</c> or <c>finetune</c>.</summary>
    public string Stage { get; } = stage;
    /// <summary>The stage's layer.</summary>
    public int Layer { get; } = layer;
    /// <summary>The epoch (or iteration) at which J or its gradient became NaN or ∞.</summary>
    public int Epoch { get; } = epoch;
}
