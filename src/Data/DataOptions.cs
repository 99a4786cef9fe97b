using TorchAe.Options;

namespace TorchAe.Data;

/// <summary>Which data to load and how: the data part of an experiment record (<see cref="DataLoader.Load"/>).</summary>
public sealed record DataOptions
{
    public DataSource Source { get; init; } = DataSource.Shapes;

    /// <summary>Files or folders for every source but shapes: the MNIST folder (or one images file with its labels
    /// file beside it), the CSV file, one or more PGM images, the image folder.</summary>
    public IReadOnlyList<string> Paths { get; init; } = [];

    /// <summary>Seed of the generated sets (shapes, patches); file sources ignore it.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>For MNIST, CSV and folders: keep only the first Limit samples of each set; null = all.</summary>
    public int? Limit { get; init => field = value is { } v ? Check.Positive(v, "limit") : null; }

    public ShapesOptions Shapes { get; init; } = new();
    public CsvOptions Csv { get; init; } = new();
    public PatchOptions Patches { get; init; } = new();
    public ImageFolderOptions Folder { get; init; } = new();
}
