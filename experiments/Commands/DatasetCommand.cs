using System.Diagnostics;
using System.Globalization;
using System.CommandLine;
using TorchAe.Cli;
using TorchAe.Data;
using TorchAe.Data.Readers;
using TorchAe.Data.Sets;
using TorchAe.Options;
using TorchAe.Reporting.Mosaics;
using TorchAe.Reporting.Summary;
using TorchAe.Presets;

namespace TorchAe.Commands;

/// <summary><c>torchae dataset SOURCE</c>: loads or generates a data set, prints its summary and writes
/// DIR/preview.png (the first 100 training samples) and DIR/dataset.json; for shapes, --export writes the images as
/// PNG files in per-class folders.</summary>
public sealed class DatasetCommand : ICommand
{
    const string PreviewFile = "preview.png";

    static readonly Argument<DataSource> Source = new("SOURCE")
    {
        Description = "where the samples come from: " + string.Join(", ", EnumText.Names<DataSource>()),
        HelpName = string.Join("|", EnumText.Names<DataSource>()),
        CustomParser = result =>
        {
            var text = result.Tokens[0].Value;
            try { return EnumText.Parse<DataSource>(text, "SOURCE"); }
            catch (OptionException e)
            {
                result.AddError(e.Message);
                return default;
            }
        },
    };

    readonly DataOptionSet data = new(Enum.GetValues<DataSource>(), new DataOptions(), countName: "--count",
        countHelp: "shapes, patches: training samples; mnist, csv, folder: keep the first N of each set", withResize: true);
    readonly Option<int> seed = CliOption.Int("--seed", "seed of shapes and patches", 1, min: 0);
    readonly Option<string> outDir = CliOption.Text("--out", "folder for preview.png and dataset.json", "runs/dataset-<yyyyMMdd-HHmmss>", "DIR");
    readonly Option<string> export = CliOption.Text("--export", "shapes: also write the images as DIR/{train,test}/<class>/<n>.png (DIR must not exist or be empty, even with --force)", placeholder: "DIR");
    readonly Option<bool> force = CliOption.Flag("--force", "replace preview.png and dataset.json if --out holds them");

    public string Name => "dataset";
    public string Summary => "load or generate a data set; print its summary, write DIR/preview.png and DIR/dataset.json";
    public IEnumerable<Symbol> Symbols => [Source, .. data.Options, seed, outDir, export, force];

    public int Run(ParseResult args, TextWriter output)
    {
        var source = args.GetValue(Source);
        var name = EnumText.Name(source);
        if (args.Given(seed) && source is not (DataSource.Shapes or DataSource.Patches))
            throw new UsageException($"--seed applies only to shapes, patches, not {name}");
        if (args.Given(export) && source != DataSource.Shapes)
            throw new UsageException($"--export applies only to shapes, not {name}");
        var basis = source == DataSource.Patches ? ExperimentPresets.Patches([]).Data : new DataOptions { Source = source };
        if (source is DataSource.Mnist or DataSource.Csv or DataSource.Folder) basis = basis with { TrainCount = null, TestCount = null };
        DataOptions options;
        try { options = data.Apply(basis, args); }
        catch (OptionException e) { throw CliOption.AsUsage(e); }
        // mnist, csv and folders: --count keeps the first N of each set.
        if (source is DataSource.Mnist && args.Given(data.Find("--count")!) && !args.Given(data.Find("--test-count")!))
            options = options with { TestCount = options.TrainCount };
        if (source != DataSource.Shapes && options.Paths.Count == 0)
            throw new UsageException($"--data is required for {name} (see --help)");
        if (source == DataSource.Shapes && options.Paths.Count > 0) throw new UsageException("--data does not apply to shapes (they are generated)");
        try { options.Validate(); }
        catch (OptionException e) { throw CliOption.AsUsage(e); }
        var seedValue = (ulong)args.GetValue(seed);
        var outFolder = RunFolder.Resolve(args.Text(outDir), Name);
        var exportFolder = args.Text(export);
        if (exportFolder is not null && (File.Exists(exportFolder) || (Directory.Exists(exportFolder) && Directory.EnumerateFileSystemEntries(exportFolder).Any())))
            throw new UsageException($"--export {exportFolder} already exists and is not an empty folder");
        // Refused before the data are loaded, so a mistyped --out costs nothing.
        RunFolder.RefuseExisting(outFolder, args.Given(force), PreviewFile, DatasetSummaryJson.FileName);

        var clock = Stopwatch.StartNew();
        var (train, test) = DataLoader.Load(options, seedValue);
        double loadSeconds = clock.Elapsed.TotalSeconds;

        RunFolder.EnsureWritable(outFolder);
        var summaries = new List<DatasetSummary> { DatasetSummary.Of(train, "train") };
        if (test is not null) summaries.Add(DatasetSummary.Of(test, "test"));
        output.WriteLine($"{name}: loaded in {loadSeconds:0.00} s");
        foreach (var s in summaries) output.WriteLine(Describe(s));

        var preview = Path.Combine(outFolder, PreviewFile);
        WritePreview(preview, train);
        var json = Path.Combine(outFolder, DatasetSummaryJson.FileName);
        ulong? recordedSeed = source is DataSource.Shapes or DataSource.Patches ? seedValue : null;
        DatasetSummaryJson.Write(json, name, recordedSeed, options.Paths, loadSeconds, PreviewFile, summaries);
        output.WriteLine($"wrote {preview}, {json}");

        if (exportFolder is not null)
        {
            ImageFolderWriter.Write(Path.Combine(exportFolder, "train"), train);
            if (test is not null) ImageFolderWriter.Write(Path.Combine(exportFolder, "test"), test);
            output.WriteLine($"exported PNG files to {exportFolder}/train{(test is null ? "" : $" and {exportFolder}/test")}");
        }
        return ExitCodes.Success;
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
