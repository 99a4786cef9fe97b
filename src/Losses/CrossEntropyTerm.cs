using TorchAe.Kernels;
using TorchAe.Models;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace TorchAe.Losses;

/// <summary>The cross-entropy reconstruction c_r Σ_k −[x log z + (1 − x) log(1 − z)], z = σ(P3), for inputs in [0, 1]
/// (Vincent et al. 2010); sigmoid decoders only.</summary>
public sealed class CrossEntropyTerm(Objective objective) : ReconstructionTerm
{
    /// <summary>c_r: 1/R (mean, msesparse), 1 (sum); no ½.</summary>
    public double Scale(long batch) => objective == Objective.Sum ? 1.0 : 1.0 / batch;

    /// <summary>Cross-entropy compares probabilities: a tanh or linear decoder is refused.</summary>
    public override void Check(SparseAutoencoder model)
    {
        if (model.DecoderActivation != Activation.Sigmoid)
            throw new TorchAe.Options.OptionException("reconstruction", "cross-entropy",
                $"squared with a {model.DecoderActivation.Name()} decoder (cross-entropy needs sigmoid outputs in (0, 1))");
    }

    /// <inheritdoc/>
    public override Tensor Value(AutoencoderPass pass) =>
        // c_r Σ_k −[x log z + (1 − x) log(1 − z)], z = σ(P3), from the logits (finite for every P3)
        functional.binary_cross_entropy_with_logits(pass.Potential, pass.Target, reduction: Reduction.Sum).Times(Scale(pass.Batch));

    /// <summary>The term c_r Σ [softplus(P3) − x P3] (= −Σ [x log z + (1 − x) log(1 − z)], z = σ(P3)) and
    /// δ3 = c_r (σ(P3) − X), over P3's storage; softplus(P) = max(P, 0) + log1p(e^−|P|) is finite for every P.</summary>
    public override Tensor Hand(AutoencoderPass pass, HandGradient gradient)
    {
        double cr = Scale(pass.Batch);
        var (potential, x) = (pass.Potential, pass.Target);
        var softplus = potential.ClampedBelow(0).AddInPlace(potential.abs().neg_().exp_().log1p_());
        var reconstruction = softplus.sub_(x * potential).sum().Times(cr);
        gradient.AddOutput(potential.sigmoid_().sub_(x).ScaleInPlace(cr));                 // δ3 = c_r (σ(P3) − X)
        return reconstruction;
    }
}
