using TorchAe.Models;
using static TorchSharp.torch;

namespace TorchAe.Losses;

/// <summary>One weighted term c·T of an autoencoder's objective J = Σ_terms c·T (docs/math.md). A term owns all of itself:
/// its value on a batch as an autograd graph (<see cref="Value"/>), its share of the lecture's hand-derived gradient
/// (<see cref="Hand"/>), its scale c under the objective's normalisation (constructed with it) and its
/// <see cref="Name"/>, which is its metrics.csv column and TensorBoard tag. <see cref="SparseAutoencoderLoss"/> sums the
/// active terms; <see cref="Gradients.HandAutoencoder"/> asks each for its share. Which terms a layer has, and in which
/// order they are summed, is <see cref="SparseAutoencoderLossOptions.Terms"/>.</summary>
public abstract class AutoencoderTerm
{
    /// <summary>The metrics.csv column (and TensorBoard tag) of the term's value.</summary>
    public abstract string Name { get; }

    /// <summary>c·T on <paramref name="pass"/>, made of tensors autograd differentiates.</summary>
    public abstract Tensor Value(AutoencoderPass pass);

    /// <summary>c·T on <paramref name="pass"/> under no_grad, with its share of ∂J/∂θ added to <paramref name="gradient"/>.
    /// The tensors a term hands to <paramref name="gradient"/> are its own (fresh): the gradient may add into them in place.</summary>
    public abstract Tensor Hand(AutoencoderPass pass, HandGradient gradient);

    /// <summary>Refuses a model the term cannot be computed for (<see cref="Options.OptionException"/>); most accept every model.</summary>
    public virtual void Check(SparseAutoencoder model) { }
}
