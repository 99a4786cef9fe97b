using static TorchSharp.torch;

namespace TorchAe.Losses;

/// <summary>One evaluation of an autoencoder's objective: the total (feeds autograd) and each active term's weighted value
/// by its name (<see cref="AutoencoderTerm.Name"/>), Total = Σ Terms in their order. RhoHat is ρ̂ (H), unclamped, for
/// logging.</summary>
public sealed record AutoencoderLossTerms(Tensor Total, IReadOnlyList<(string Name, Tensor Value)> Terms, Tensor RhoHat, Tensor Hidden)
{
    /// <summary>The value of the term named <paramref name="name"/>, or null when the objective does not have it.</summary>
    public Tensor? this[string name] => Terms.FirstOrDefault(t => t.Name == name).Value;

    /// <summary>The reconstruction term (every autoencoder has one).</summary>
    public Tensor Reconstruction => this[ReconstructionTerm.Column]!;
    /// <summary>The weight decay term α Ω.</summary>
    public Tensor WeightDecay => this[WeightDecayTerm.Column]!;
    /// <summary>The sparsity term c_s S.</summary>
    public Tensor Sparsity => this[SparsityTerm.Column]!;
}
