using System.Text.Json.Serialization;

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
    /// <summary>The name in config.json and the CLI: <c>mean</c>, <c>sum</c> or <c>msesparse</c>.</summary>
    public static string Name(this Objective objective) => objective.ToString().ToLowerInvariant();

    /// <summary>Reads a <see cref="Name"/> (case-insensitive); anything else throws <see cref="Options.OptionException"/> naming <paramref name="field"/>.</summary>
    public static Objective Parse(string text, string field = "objective") => text.Trim().ToLowerInvariant() switch
    {
        "mean" => Objective.Mean,
        "sum" => Objective.Sum,
        "msesparse" => Objective.MseSparse,
        _ => throw new Options.OptionException(field, text, "one of mean, sum, msesparse"),
    };
}
