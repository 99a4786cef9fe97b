using System.Text.Json.Serialization;
using TorchAe.Options;

namespace TorchAe.Losses;

/// <summary>Hyperparameters of the sparse autoencoder objective. Validated on construction and on every <c>with</c>.</summary>
public sealed record SparseAutoencoderLossOptions
{
    /// <summary>ρ, the target average activation. 0.05 as in the lecture's first example and UFLDL's exercise.</summary>
    [JsonPropertyName("rho")]
    public double TargetActivation { get; init => field = Check.OpenUnit(value, "rho"); } = 0.05;

    /// <summary>β, weight of the KL sparsity penalty. 3 as in UFLDL (the lecture's shapes example uses 4).</summary>
    [JsonPropertyName("beta")]
    public double SparsityWeight { get; init => field = Check.NonNegative(value, "beta"); } = 3;

    /// <summary>α, weight of the L2 decay Ω = ½(‖W1‖² + ‖W2‖²). 1e-4 as in UFLDL's sparse autoencoder exercise:
    /// large enough to keep weights bounded, small next to the reconstruction term of [0, 1] data.</summary>
    [JsonPropertyName("alpha")]
    public double WeightDecay { get; init => field = Check.NonNegative(value, "alpha"); } = 1e-4;

    /// <summary>Normalisation of the objective (docs/math.md).</summary>
    public Objective Objective { get; init; } = Objective.Mean;

    /// <summary>λ_c, weight of the contractive penalty ‖J_f(x)‖²_F (Rifai et al. 2011), normalised as the reconstruction
    /// (docs/math.md). 0 (off) by default: the lecture's autoencoder has none.</summary>
    [JsonPropertyName("contraction")]
    public double Contraction { get; init => field = Check.NonNegative(value, "contraction"); }

    /// <summary>The reconstruction error: squared (the lecture's, default) or cross-entropy (inputs in [0, 1], sigmoid
    /// decoder; Vincent et al. 2010).</summary>
    public ReconstructionLoss Reconstruction { get; init; } = ReconstructionLoss.Squared;

    /// <summary>The terms of a layer with these options, in the order J sums them: its reconstruction, the weight decay and
    /// the sparsity (the lecture's three), then each variant's term where its weight is set. A new term is one
    /// <see cref="AutoencoderTerm"/> file, its option above, a line here and its column in <see cref="TermColumns"/>.</summary>
    public IReadOnlyList<AutoencoderTerm> Terms() =>
    [
        Reconstruction == ReconstructionLoss.CrossEntropy ? new CrossEntropyTerm(Objective) : new SquaredErrorTerm(Objective),
        new WeightDecayTerm(WeightDecay),
        new SparsityTerm(TargetActivation, SparsityWeight, Objective),
        .. Contraction > 0 ? [new ContractionTerm(Contraction, Objective)] : Array.Empty<AutoencoderTerm>(),
    ];

    /// <summary>Every term's metrics.csv column, in the order new columns are appended to metrics.csv (a contract: only
    /// ever appended to).</summary>
    public static IReadOnlyList<string> TermColumns { get; } =
        [ReconstructionTerm.Column, WeightDecayTerm.Column, SparsityTerm.Column, ContractionTerm.Column];

    /// <summary>ρ̂ is clamped into [ε, 1 − ε] before any log or division. 1e-6 stays distinct from 1 in float32
    /// (1 − 1e-8 rounds to 1 there), so KL stays finite in both dtypes.</summary>
    public const double RhoHatEpsilon = 1e-6;
}
