namespace TorchAe.Losses;

/// <summary>The reconstruction error c_r Σ_k L(x_k, z_k) between the clean input and the reconstruction: the term that
/// owns δ3 = ∂J/∂P3 on the hand path (<see cref="HandGradient.AddOutput"/>); every layer has exactly one
/// (<see cref="SparseAutoencoderLossOptions.Terms"/>).</summary>
public abstract class ReconstructionTerm : AutoencoderTerm
{
    /// <summary>The metrics.csv column, <c>reconstruction</c>.</summary>
    public const string Column = "reconstruction";

    /// <inheritdoc/>
    public override string Name => Column;
}
