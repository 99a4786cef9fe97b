using System.Text.Json.Serialization;
using TorchAe.Data.Readers;
using TorchAe.Data.Sets;
using TorchAe.Data.Shapes;
using TorchAe.Options;

namespace TorchAe.Data;

/// <summary>Which data an experiment uses and how much of it: the <c>data</c> object of an experiment record, and what
/// <see cref="DataLoader.Load"/> reads. Every field has its default here; presets override some.</summary>
public sealed record DataOptions
{
    /// <summary>The count of generated samples (shapes) when <see cref="TrainCount"/> or <see cref="TestCount"/> is null.</summary>
    public const int DefaultCount = 1000;

    /// <summary>The most samples a count may ask for (ten million; MNIST has 70,000).</summary>
    public const int MaxCount = 10_000_000;

    /// <summary>Where the samples come from: generated shapes, MNIST, a CSV table, natural-image patches or an image folder.</summary>
    public DataSource Source { get; init; } = DataSource.Shapes;

    /// <summary>Files or folders for every source but shapes: the MNIST folder (or one images file with its labels
    /// file beside it), the CSV file, one or more PGM images, the image folder.</summary>
    public IReadOnlyList<string> Paths { get; init; } = [];

    /// <summary>Training samples. Shapes and patches: how many to draw (null = <see cref="DefaultCount"/>); MNIST, CSV
    /// and folders: keep the first N (null = all).</summary>
    public int? TrainCount { get; init => field = value is null ? null : Check.AtMost(Check.Positive(value.Value, "train_count"), MaxCount, "train_count"); } = DefaultCount;

    /// <summary>Test samples. Shapes: drawn from an independent seed stream (null = <see cref="DefaultCount"/>);
    /// patches: drawn likewise (null = none); MNIST: keep the first N of t10k (null = all). CSV and folders have
    /// no test set of their own: <see cref="TestFraction"/> is split off instead.</summary>
    public int? TestCount { get; init => field = value is null ? null : Check.AtMost(Check.Positive(value.Value, "test_count"), MaxCount, "test_count"); } = DefaultCount;

    /// <summary>Share of the training samples held out (stratified) for validation accuracy and early stopping.</summary>
    public double ValidationFraction { get; init => field = Check.InRange(value, 0, 0.9, "validation_fraction"); }

    /// <summary>Which samples <see cref="ValidationFraction"/> holds out: <c>stratified</c> (a seeded random share of each
    /// class, the default) or <c>last</c> (the last ones in file order, as Vincent et al. 2010 split MNIST).</summary>
    public ValidationSplit ValidationSplit { get; init; } = ValidationSplit.Stratified;

    /// <summary>Share held out as the test set for sources without their own (csv, folder).</summary>
    public double TestFraction { get; init => field = Check.InRange(value, 0.01, 0.9, "test_fraction"); } = 0.2;

    /// <summary>Shapes: how the images are drawn (size, jitter, radii, noise).</summary>
    public ShapesOptions Shapes { get; init; } = new();

    /// <summary>CSV: the label column by header name, 1-based number or negative number from the end (null = the last column).</summary>
    public string? LabelColumn { get; init => field = value is null || value.Trim().Length > 0 ? value?.Trim() : throw new OptionException("label_column", value, "a column name or number"); }

    /// <summary>CSV: whether the first row is a header (null = a header exactly when none of its cells is a number).</summary>
    public bool? Header { get; init; }

    /// <summary>Patches: k for k×k patches.</summary>
    public int PatchSize { get; init => field = Check.AtMost(Check.AtLeast(value, 2, "patch_size"), 4096, "patch_size"); } = 8;

    /// <summary>How features are rescaled, fitted on the training split only (<see cref="FeatureScaler"/>): <c>auto</c>
    /// (the default: minmax when the training values leave [0, 1], else none), <c>none</c>, <c>minmax</c>, <c>standard</c>
    /// (needs a linear first decoder).</summary>
    public FeatureScaling Scale { get; init; } = FeatureScaling.Auto;

    /// <summary>Folders: scale every image to this size (null = refuse images of another size). Set by
    /// <c>torchae dataset --resize</c>; not part of an experiment record.</summary>
    [JsonIgnore]
    public ImageFolderOptions Folder { get; init; } = new();

    /// <summary>Cross-field checks: every source but shapes needs a path, and the shapes must fit their frame.</summary>
    public DataOptions Validate()
    {
        if (Source != DataSource.Shapes && Paths.Count == 0)
            throw new OptionException("paths", null, $"at least one path for {EnumText.Name(Source)}");
        if (Source == DataSource.Shapes) Shapes.Validate();
        if (Source is DataSource.Shapes or DataSource.Patches)
        {
            // Generated sets: count × features values, bounded before anything is drawn.
            long pixels = Source == DataSource.Shapes ? (long)Shapes.Size * Shapes.Size : (long)PatchSize * PatchSize;
            foreach (var (count, field) in new[] { (TrainCount ?? DefaultCount, "train_count"), (TestCount ?? DefaultCount, "test_count") })
                if (count * pixels > Dataset.MaxValues)
                    throw new OptionException(field, count, $"an integer <= {Dataset.MaxValues / pixels} for {(Source == DataSource.Shapes ? "size" : "patch_size")} {(Source == DataSource.Shapes ? Shapes.Size : PatchSize)} (at most {Dataset.MaxValues} values per set)");
        }
        return this;
    }
}
