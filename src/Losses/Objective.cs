using System.Text.Json.Serialization;
using TorchAe.Options;

namespace TorchAe.Losses;

/// <summary>The three normalisations of the sparse autoencoder objective (docs/math.md).</summary>
public enum Objective
{
    /// <summary>UFLDL: J = (1/R) Σ ½‖x − z‖² + αΩ + βS.</summary>
    Mean,
    /// <summary>The lecture: E = Σ ½‖x − z‖² + αΩ + RβS.</summary>
    Sum,
    /// <summary>MATLAB trainAutoencoder 'msesparse': E = (1/R) Σ ‖x − z‖² + αΩ + βS.</summary>
    [JsonStringEnumMemberName("msesparse")]
    MseSparse,
}

/// <summary>Names and scale factors of <see cref="Objective"/>.</summary>
public static class ObjectiveExtensions
{
    /// <summary>The name in config.json and the CLI (<see cref="EnumText"/>'s): <c>mean</c>, <c>sum</c> or <c>msesparse</c>.</summary>
    public static string Name(this Objective objective) => EnumText.Name(objective);

    /// <summary>Reads a <see cref="Name"/> (case-insensitive); anything else throws <see cref="OptionException"/> naming <paramref name="field"/>.</summary>
    public static Objective Parse(string text, string field = "objective") => EnumText.Parse<Objective>(text, field);

    /// <summary>c_r with reconstruction term = c_r · Σ_k ‖x_k − z_k‖² for a batch of R samples.</summary>
    public static double ReconstructionScale(this Objective objective, long batch) => objective switch
    {
        Objective.Mean => 0.5 / batch,
        Objective.Sum => 0.5,
        _ => 1.0 / batch,
    };

    /// <summary>c_r of the cross-entropy reconstruction c_r · Σ_k H(x_k, z_k): 1/R (mean, msesparse), 1 (sum); no ½.</summary>
    public static double CrossEntropyScale(this Objective objective, long batch) => objective == Objective.Sum ? 1.0 : 1.0 / batch;

    /// <summary>c_c with contraction term = c_c · Σ_k ‖J_f(x_k)‖²_F: λ_c/R (mean, msesparse), λ_c (sum), as the
    /// reconstruction is normalised.</summary>
    public static double ContractionScale(this Objective objective, double lambda, long batch) =>
        objective == Objective.Sum ? lambda : lambda / batch;

    /// <summary>c_s with sparsity term = c_s · S, S = Σ_i KL(ρ‖ρ̂_i) (β already folded in).</summary>
    public static double SparsityScale(this Objective objective, double beta, long batch) =>
        objective == Objective.Sum ? beta * batch : beta;
}
