using System.Text.Json.Serialization;

namespace TorchAe.Training.Experiment;

/// <summary>Where an experiment's samples come from and how many it uses.</summary>
public sealed record DataSpec
{
    /// <summary><c>shapes</c>, <c>mnist</c>, <c>csv</c>, <c>patches</c> or <c>folder</c>.</summary>
    [JsonRequired]
    public string Source { get; init; } = "shapes";
    /// <summary>The file or folder (several images for patches); unused by shapes.</summary>
    public IReadOnlyList<string> Paths { get; init; } = [];
    /// <summary>Training samples to use (null = all the source has; shapes: how many to draw).</summary>
    public int? TrainCount { get; init => field = value is null ? null : Options.Check.Positive(value.Value, "train_count"); } = 1000;
    /// <summary>Test samples (null = all; shapes: drawn from an independent seed stream).</summary>
    public int? TestCount { get; init => field = value is null ? null : Options.Check.Positive(value.Value, "test_count"); } = 1000;
    /// <summary>Share of the training samples held out (stratified) for validation accuracy and early stopping.</summary>
    public double ValidationFraction { get; init => field = Options.Check.InRange(value, 0, 0.9, "validation_fraction"); }
    /// <summary>Share held out as the test set for sources without their own (csv, folder).</summary>
    public double TestFraction { get; init => field = Options.Check.InRange(value, 0.01, 0.9, "test_fraction"); } = 0.2;
    public ShapesSpec Shapes { get; init; } = new();
    /// <summary>CSV: the label column's name or 0-based index (null = the last column); whether the first row is a header (null = guess).</summary>
    public string? LabelColumn { get; init; }
    public bool? Header { get; init; }
    /// <summary>Patches: side of the square patches.</summary>
    public int PatchSize { get; init => field = Options.Check.AtLeast(value, 2, "patch_size"); } = 8;
}
