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

/// <summary>Names of <see cref="Objective"/> (its scale factors are the terms' own, e.g. <see cref="ReconstructionTerm"/>).</summary>
public static class ObjectiveExtensions
{
    /// <summary>The name in config.json and the CLI (<see cref="EnumText"/>'s): <c>mean</c>, <c>sum</c> or <c>msesparse</c>.</summary>
    public static string Name(this Objective objective) => EnumText.Name(objective);

    /// <summary>Reads a <see cref="Name"/> (case-insensitive); anything else throws <see cref="OptionException"/> naming <paramref name="field"/>.</summary>
    public static Objective Parse(string text, string field = "objective") => EnumText.Parse<Objective>(text, field);
}
