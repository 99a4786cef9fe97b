namespace TorchAe.Training;

/// <summary>The loss or its gradient became NaN or ∞. The last good checkpoint (if any) is left as it was.</summary>
public sealed class TrainingDivergedException(string stage, int layer, int epoch, double loss)
    : Exception($"training diverged in stage {stage} (layer {layer}) at epoch {epoch}: loss is {loss}")
{
    public string Stage { get; } = stage;
    public int Layer { get; } = layer;
    public int Epoch { get; } = epoch;
}
