using TorchAe.Kernels;
using TorchAe.Models;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace TorchAe.Losses;

/// <summary>The sparse autoencoder objective J(θ; X) = c_r Σ_k ‖x_k − z_k‖² + α Ω + c_s S (+ the variants' terms), where
/// the normalisation fixes every c (docs/math.md): the sum of the layer's <see cref="AutoencoderTerm"/>s. Forward runs the
/// model on the batch and returns every term.</summary>
public sealed class SparseAutoencoderLoss : Module<Tensor, SparseAutoencoder, AutoencoderLossTerms>
{
    readonly IReadOnlyList<AutoencoderTerm> terms;

    /// <param name="fused">compute each term as one autograd node (<see cref="FusedReconstructionError"/>,
    /// <see cref="FusedWeightDecay"/>, <see cref="FusedKlDivergence"/>) where the tensors allow it; false keeps the graph
    /// made of library ops only (the gradient checker's reference).</param>
    /// <param name="terms">the terms J sums, in order; default those of <paramref name="options"/> (<see cref="SparseAutoencoderLossOptions.Terms"/>).</param>
    public SparseAutoencoderLoss(SparseAutoencoderLossOptions options, bool fused = true, IReadOnlyList<AutoencoderTerm>? terms = null) : base(nameof(SparseAutoencoderLoss))
    {
        Options = options;
        Fused = fused;
        this.terms = terms ?? options.Terms();
    }

    /// <summary>ρ, β, α and the normalisation.</summary>
    public SparseAutoencoderLossOptions Options { get; }
    /// <summary>Whether each term may be one fused autograd node (see the constructor).</summary>
    public bool Fused { get; }
    /// <summary>The terms J sums, in order.</summary>
    public IReadOnlyList<AutoencoderTerm> Terms => terms;

    /// <param name="input">X, (R, N): input and reconstruction target.</param>
    public override AutoencoderLossTerms forward(Tensor input, SparseAutoencoder model) => Compute(input, input, model);

    /// <summary>The denoising objective: the encoder reads <paramref name="input"/> (X̃, e.g. a corrupted batch) and the
    /// reconstruction is compared with <paramref name="clean"/> (X); both (R, N). With input = clean it is <see cref="forward"/>.</summary>
    public AutoencoderLossTerms Compute(Tensor input, Tensor clean, SparseAutoencoder model)
    {
        foreach (var term in terms) term.Check(model);
        var hidden = model.Encode(input);                               // Y = φ(X̃ W1ᵀ + b1), (R, H)
        var potential = model.Decoder.call(hidden);                     // P3 = Y W2ᵀ + b2, (R, N)
        var pass = new AutoencoderPass(model, input, clean, hidden, potential, Fused);
        var values = terms.Select(t => (t.Name, Value: t.Value(pass))).ToList();
        // J = Σ_terms c·T, summed in the terms' order
        var total = values.Select(v => v.Value).Aggregate((a, b) => a.Plus(b));
        return new AutoencoderLossTerms(total, values, pass.RhoHat, hidden);
    }
}
