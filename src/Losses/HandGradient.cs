using TorchAe.Kernels;
using static TorchSharp.torch;

namespace TorchAe.Losses;

/// <summary>The terms' shares of the hand-derived gradient of J, gathered where the backward pass needs them
/// (docs/math.md): δ3 = ∂J/∂P3 (the reconstruction's), the direct ∂J/∂Y (e.g. sparsity's s, before φ′), the direct
/// ∂J/∂P2 (e.g. contraction's, after φ′) and direct parameter gradients by parameter name (e.g. αW). Each share is added
/// in the order the terms hand it over; the first one is kept as it is (a term hands over tensors of its own).</summary>
public sealed class HandGradient
{
    readonly Dictionary<string, Tensor> direct = [];

    /// <summary>δ3 = ∂J/∂P3, (R, N), or null while no term has given one.</summary>
    public Tensor? Output { get; private set; }
    /// <summary>The direct ∂J/∂Y, (H) for every sample or (R, H), or null.</summary>
    public Tensor? Hidden { get; private set; }
    /// <summary>The direct ∂J/∂P2, (R, H), or null.</summary>
    public Tensor? HiddenPotential { get; private set; }
    /// <summary>Direct ∂J/∂θ by parameter name (<c>encoder.weight</c>, <c>decoder.weight</c>, …).</summary>
    public IReadOnlyDictionary<string, Tensor> Direct => direct;

    /// <summary>Adds a share of ∂J/∂P3.</summary>
    public void AddOutput(Tensor share) => Output = Sum(Output, share);
    /// <summary>Adds a share of the direct ∂J/∂Y.</summary>
    public void AddHidden(Tensor share) => Hidden = Sum(Hidden, share);
    /// <summary>Adds a share of the direct ∂J/∂P2.</summary>
    public void AddHiddenPotential(Tensor share) => HiddenPotential = Sum(HiddenPotential, share);
    /// <summary>Adds a share of ∂J/∂θ for the parameter <paramref name="name"/> (not through the network's outputs).</summary>
    public void AddDirect(string name, Tensor share) => direct[name] = Sum(direct.GetValueOrDefault(name), share);

    // In place when the sum keeps the first share's shape; a (H) share and a (R, H) one broadcast into a new tensor.
    static Tensor Sum(Tensor? sum, Tensor share) =>
        sum is null ? share : sum.shape.SequenceEqual(share.shape) ? sum.AddInPlace(share) : sum.Plus(share);
}
