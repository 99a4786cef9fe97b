using System.CommandLine;
using System.Globalization;
using TorchAe.Data;
using TorchAe.Data.Readers;
using TorchAe.Options;

namespace TorchAe.Cli;

/// <summary>The command-line options of <see cref="DataOptions"/>, each with the sources it applies to, for every
/// command that reads data (dataset, shapes, mnist, patches, train). A command shows the options of the sources it
/// serves; an option given for another source is refused (<c>--jitter applies only to shapes, not mnist</c>). Defaults
/// shown by --help are those of <paramref name="basis"/> (a preset's data, or the library's).</summary>
public sealed class DataOptionSet
{
    readonly List<(Option Option, DataSource[] Sources, Func<DataOptions, ParseResult, DataOptions> Apply)> all = [];

    /// <param name="sources">Sources this command serves; options of other sources are left out.</param>
    /// <param name="pathsName">The option that names files: <c>--data</c>, or <c>--image</c> for patches.</param>
    /// <param name="countName">The option for <see cref="DataOptions.TrainCount"/>: <c>--train-count</c> or <c>--count</c>.</param>
    /// <param name="basis">Where --help takes defaults from; null: "the config's" (train).</param>
    public DataOptionSet(IReadOnlyCollection<DataSource> sources, DataOptions? basis, string pathsName = "--data", string countName = "--train-count",
        string countHelp = "training samples (shapes, patches: drawn; mnist, csv, folder: the first N)", bool withResize = false, string? pathsHelp = null)
    {
        Sources = sources;
        var shapes = basis?.Shapes;
        object? D(object? value) => basis is null ? "the config's" : value;
        DataSource[] files = [DataSource.Mnist, DataSource.Csv, DataSource.Patches, DataSource.Folder];
        Add(CliOption.List(pathsName, pathsHelp
                ?? "file or folder (mnist: the folder of the four IDX files, or one images file; patches: PGM images, repeat or comma-separate)",
                text => text, placeholder: pathsName == "--image" ? "FILE" : "PATH"),
            files, (d, v) => d with { Paths = v });
        Add(CliOption.Int(countName, countHelp, Shown(basis, b => b.TrainCount, "all"), min: countName == "--train-count" ? 4 : 1),
            Enum.GetValues<DataSource>(), (d, v) => d with { TrainCount = v });
        Add(CliOption.Int("--test-count", "test samples (shapes, patches: drawn from an independent seed stream; mnist: the first N)",
                Shown(basis, b => b.TestCount, "all"), min: 4),
            [DataSource.Shapes, DataSource.Mnist, DataSource.Patches], (d, v) => d with { TestCount = v });
        Add(CliOption.Int("--size", "shapes: pixels per side", D(shapes?.Size), min: 8), [DataSource.Shapes], (d, v) => d with { Shapes = d.Shapes with { Size = v } });
        Add(CliOption.Double("--jitter", "shapes: centre offset in px, uniform in ±jitter", D(shapes?.Jitter)), [DataSource.Shapes],
            (d, v) => d with { Shapes = d.Shapes with { Jitter = v } });
        Add(CliOption.Double("--radius-min", "shapes: smallest circumradius in px", D(shapes is null ? null : shapes.RadiusMin?.ToString(CultureInfo.InvariantCulture) ?? "size·7/30")),
            [DataSource.Shapes], (d, v) => d with { Shapes = d.Shapes with { RadiusMin = v } });
        Add(CliOption.Double("--radius-max", "shapes: largest circumradius in px", D(shapes is null ? null : shapes.RadiusMax?.ToString(CultureInfo.InvariantCulture) ?? "size·12/30")),
            [DataSource.Shapes], (d, v) => d with { Shapes = d.Shapes with { RadiusMax = v } });
        Add(CliOption.Double("--noise", "shapes: std of Gaussian pixel noise, then clipped to [0, 1]", D(shapes?.Noise)), [DataSource.Shapes],
            (d, v) => d with { Shapes = d.Shapes with { Noise = v } });
        Add(CliOption.Int("--patch-size", "patches: k for k×k patches", D(basis?.PatchSize), min: 2), [DataSource.Patches], (d, v) => d with { PatchSize = v });
        Add(CliOption.Text("--label-column", "csv: label column by header name, 1-based number or -1 = last", D(basis is null ? null : basis.LabelColumn ?? "-1"), placeholder: "COLUMN"),
            [DataSource.Csv], (d, v) => d with { LabelColumn = v });
        AddFlag(CliOption.Flag("--header", "csv: the first line is a header (default: detected: a header when none of its cells is a number)"),
            [DataSource.Csv], d => d with { Header = true });
        AddFlag(CliOption.Flag("--no-header", "csv: the first line is data"), [DataSource.Csv], d => d with { Header = false });
        if (withResize)
            Add(CliOption.Text("--resize", "folder: scale every image to WIDTHxHEIGHT (default: refuse images of another size)", placeholder: "WxH"),
                [DataSource.Folder], (d, v) => d with { Folder = new ImageFolderOptions { Resize = Resize(v) } });
    }

    public IReadOnlyCollection<DataSource> Sources { get; }

    public IEnumerable<Option> Options => all.Select(o => o.Option);

    /// <summary><paramref name="data"/> with every option the command line gave; an option of another source than
    /// <paramref name="data"/>'s is refused.</summary>
    public DataOptions Apply(DataOptions data, ParseResult args)
    {
        if (Find("--header") is { } header && Find("--no-header") is { } noHeader && args.Given(header) && args.Given(noHeader))
            throw new UsageException("--header and --no-header exclude each other");
        foreach (var (option, sources, apply) in all)
        {
            if (!args.Given(option)) continue;
            if (!sources.Contains(data.Source))
                throw new UsageException($"{option.Name} applies only to {string.Join(", ", sources.Select(EnumText.Name))}, not {EnumText.Name(data.Source)}");
            data = apply(data, args);
        }
        return data;
    }

    public Option? Find(string name) => all.FirstOrDefault(o => o.Option.Name == name).Option;

    void Add<T>(Option<T> option, DataSource[] sources, Func<DataOptions, T, DataOptions> apply)
    {
        if (sources.Any(Sources.Contains)) all.Add((option, sources, (d, args) => apply(d, args.GetValue(option)!)));
    }

    void AddFlag(Option<bool> option, DataSource[] sources, Func<DataOptions, DataOptions> apply)
    {
        if (sources.Any(Sources.Contains)) all.Add((option, sources, (d, _) => apply(d)));
    }

    static object? Shown(DataOptions? basis, Func<DataOptions, int?> count, string whenNull) =>
        basis is null ? "the config's" : count(basis) is { } n ? n : whenNull;

    static (int, int)? Resize(string text)
    {
        var parts = text.Split('x', 'X', '×');
        if (parts.Length is 1 or 2 && parts.All(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out int v) && v > 0))
        {
            int width = int.Parse(parts[0], CultureInfo.InvariantCulture);
            return (width, parts.Length == 2 ? int.Parse(parts[1], CultureInfo.InvariantCulture) : width);
        }
        throw new UsageException($"--resize must be WIDTHxHEIGHT or N (positive integers), got '{text}'");
    }
}
