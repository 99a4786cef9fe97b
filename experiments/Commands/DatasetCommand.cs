using System.Diagnostics;
using System.Globalization;
using TorchAe.Cli;
using TorchAe.Data;
using TorchAe.Reporting;

namespace TorchAe.Commands;

/// <summary><c>torchae dataset SOURCE</c>: loads or generates a data set, prints its summary and writes
/// DIR/preview.png (the first 100 training samples) and DIR/dataset.json; for shapes, --export writes the images as
/// PNG files in per-class folders.</summary>
public sealed class DatasetCommand : ICommand
{
    static readonly Dictionary<string, DataSource> Sources = new()
    {
        ["shapes"] = DataSource.Shapes, ["mnist"] = DataSource.Mnist, ["csv"] = DataSource.Csv,
        ["patches"] = DataSource.Patches, ["folder"] = DataSource.Folder,
    };

    // Options that only make sense for some sources, and which.
    static readonly Dictionary<string, DataSource[]> OnlyFor = new()
    {
        ["--size"] = [DataSource.Shapes], ["--jitter"] = [DataSource.Shapes], ["--radius-min"] = [DataSource.Shapes],
        ["--radius-max"] = [DataSource.Shapes], ["--noise"] = [DataSource.Shapes], ["--export"] = [DataSource.Shapes],
        ["--test-count"] = [DataSource.Shapes, DataSource.Patches], ["--seed"] = [DataSource.Shapes, DataSource.Patches],
        ["--label-column"] = [DataSource.Csv], ["--header"] = [DataSource.Csv], ["--no-header"] = [DataSource.Csv],
        ["--patch-size"] = [DataSource.Patches], ["--resize"] = [DataSource.Folder],
    };

    public string Name => "dataset";
    public string Summary => "load or generate a data set; print its summary, write DIR/preview.png and DIR/dataset.json";
    public IReadOnlyList<PositionalSpec> Positionals { get; } = [new("SOURCE", "where the samples come from", Sources.Keys.ToList())];
    public IReadOnlyList<OptionSpec> Options { get; } =
    [
        new("--data", "file or folder (mnist: the folder of the four IDX files, or one images file; patches: one or more PGM images, repeat or comma-separate)", Repeatable: true),
        new("--count", "shapes, patches: training samples (shapes 1000, patches 10000); mnist, csv, folder: keep the first N of each set"),
        new("--test-count", "shapes, patches: test samples (shapes 1000, patches 0)"),
        new("--seed", "seed of shapes and patches", "1"),
        new("--out", "folder for preview.png and dataset.json", "runs/dataset-<yyyyMMdd-HHmmss>"),
        new("--export", "shapes: also write the images as DIR/{train,test}/<class>/<n>.png (DIR must not exist or be empty)"),
        new("--size", "shapes: pixels per side", "30"),
        new("--jitter", "shapes: centre offset in px, uniform in ±jitter", "2"),
        new("--radius-min", "shapes: smallest circumradius in px (default size·7/30)"),
        new("--radius-max", "shapes: largest circumradius in px (default size·12/30)"),
        new("--noise", "shapes: std of Gaussian noise added, then clipped to [0, 1]", "0"),
        new("--label-column", "csv: label column by header name, 1-based number or -1 = last", "-1"),
        OptionSpec.Flag("--header", "csv: the first line is a header (default: detected: a header when none of its cells is a number)"),
        OptionSpec.Flag("--no-header", "csv: the first line is data"),
        new("--patch-size", "patches: k for k×k patches", "8"),
        new("--resize", "folder: scale every image to WIDTHxHEIGHT (default: refuse images of another size)"),
    ];

    public int Run(ParsedArgs args, TextWriter output)
    {
        var source = Sources[args.Positional("SOURCE")];
        foreach (var (option, sources) in OnlyFor)
            if (args.Has(option) && !sources.Contains(source))
                throw new UsageException($"{option} applies only to {string.Join(", ", sources.Select(s => s.ToString().ToLowerInvariant()))}, not {args.Positional("SOURCE")}");
        var options = BuildOptions(args, source);
        var outDir = RunFolder.Resolve(args.String("--out"), Name);
        var export = args.String("--export");
        if (export is not null && (File.Exists(export) || (Directory.Exists(export) && Directory.EnumerateFileSystemEntries(export).Any())))
            throw new UsageException($"--export {export} already exists and is not an empty folder");

        var clock = Stopwatch.StartNew();
        var (train, test) = DataLoader.Load(options);
        double loadSeconds = clock.Elapsed.TotalSeconds;

        RunFolder.EnsureWritable(outDir);
        var summaries = new List<DatasetSummary> { DatasetSummary.Of(train, "train") };
        if (test is not null) summaries.Add(DatasetSummary.Of(test, "test"));
        output.WriteLine($"{args.Positional("SOURCE")}: loaded in {loadSeconds:0.00} s");
        foreach (var s in summaries) output.WriteLine(Describe(s));

        var preview = Path.Combine(outDir, "preview.png");
        WritePreview(preview, train);
        var json = Path.Combine(outDir, "dataset.json");
        ulong? seed = source is DataSource.Shapes or DataSource.Patches ? options.Seed : null;
        DatasetSummaryJson.Write(json, args.Positional("SOURCE"), seed, options.Paths, loadSeconds, "preview.png", summaries);
        output.WriteLine($"wrote {preview}, {json}");

        if (export is not null)
        {
            ImageFolderWriter.Write(Path.Combine(export, "train"), train);
            if (test is not null) ImageFolderWriter.Write(Path.Combine(export, "test"), test);
            output.WriteLine($"exported PNG files to {export}/train{(test is null ? "" : $" and {export}/test")}");
        }
        return ExitCodes.Success;
    }

    static DataOptions BuildOptions(ParsedArgs args, DataSource source)
    {
        if (args.Has("--header") && args.Has("--no-header")) throw new UsageException("--header and --no-header exclude each other");
        int? count = args.Int("--count", min: 1), testCount = args.Int("--test-count", min: 0);
        var shapes = new ShapesOptions
        {
            Size = args.Int("--size", min: 1)!.Value,
            Jitter = args.Double("--jitter")!.Value,
            RadiusMin = args.Double("--radius-min"),
            RadiusMax = args.Double("--radius-max"),
            Noise = args.Double("--noise")!.Value,
        };
        if (count is { } c) shapes = shapes with { Count = c };
        if (testCount is { } t) shapes = shapes with { TestCount = t };
        var patches = new PatchOptions { PatchSize = args.Int("--patch-size", min: 1)!.Value };
        if (count is { } pc) patches = patches with { Count = pc };
        if (testCount is { } pt) patches = patches with { TestCount = pt };
        var paths = args.All("--data");
        if (source != DataSource.Shapes && paths.Count == 0)
            throw new UsageException($"--data is required for {source.ToString().ToLowerInvariant()} (see --help)");
        if (source == DataSource.Shapes && paths.Count > 0) throw new UsageException("--data does not apply to shapes (they are generated)");
        return new DataOptions
        {
            Source = source,
            Paths = paths,
            Seed = (ulong)args.Int("--seed", min: 0)!.Value,
            Limit = source is DataSource.Mnist or DataSource.Csv or DataSource.Folder ? count : null,
            Shapes = shapes.Validate(),
            Patches = patches,
            Csv = new CsvOptions
            {
                LabelColumn = args.String("--label-column"),
                HasHeader = args.Has("--header") ? true : args.Has("--no-header") ? false : null,
            },
            Folder = new ImageFolderOptions { Resize = Resize(args.String("--resize")) },
        };
    }

    static (int, int)? Resize(string? text)
    {
        if (text is null) return null;
        var parts = text.Split('x', 'X', '×');
        if (parts.Length is 1 or 2 && parts.All(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out int v) && v > 0))
        {
            int width = int.Parse(parts[0], CultureInfo.InvariantCulture);
            return (width, parts.Length == 2 ? int.Parse(parts[1], CultureInfo.InvariantCulture) : width);
        }
        throw new UsageException($"--resize must be WIDTHxHEIGHT or N (positive integers), got '{text}'");
    }

    static string Describe(DatasetSummary s)
    {
        var shape = s.Height > 1 ? $"{s.Width}×{s.Height} ({s.Features} features)" : $"{s.Features} features";
        var classes = s.Classes.Count == 0 ? "unlabelled" : $"{s.Classes.Count} classes: {string.Join(", ", s.Classes.Select(c => $"{c.Name} {c.Count}"))}";
        return string.Create(CultureInfo.InvariantCulture, $"  {s.Split,-5} {s.Samples} samples of {shape}; {classes}; values [{s.Min:0.####}, {s.Max:0.####}], mean {s.Mean:0.####}, std {s.Std:0.####}");
    }

    static void WritePreview(string path, Dataset data)
    {
        var first = data.Take(100);
        var tiles = Enumerable.Range(0, first.Count).Select(first.Sample).ToList();
        float min = data.Features.Min(), max = data.Features.Max();
        // Data in [0, 1] show on that fixed range; other data on their own [min, max].
        var (low, high) = min >= 0 && max <= 1 ? (0.0, 1.0) : (min, max > min ? max : min + 1.0);
        // The grid is black or mid-grey, whichever lies farther from the tiles' average edge grey, so it stands out.
        int w = data.Height > 1 ? data.Width : data.FeatureCount, h = data.Height > 1 ? data.Height : 1;
        var edge = tiles.SelectMany(t => t.Where((_, i) => i % w == 0 || i % w == w - 1 || i / w == 0 || i / w == h - 1));
        double meanGrey = (edge.Average(v => (double)v) - low) / (high - low);
        var options = new MosaicOptions
        {
            Columns = Math.Min(10, tiles.Count), Scaling = MosaicScaling.FixedRange, RangeLow = low, RangeHigh = high,
            GridGrey = Math.Abs(meanGrey - 0.5) > Math.Abs(meanGrey) ? 0.5 : 0,
        };
        ImageMosaic.Write(path, tiles, w, h, options);
    }
}
