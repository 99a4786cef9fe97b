using System.CommandLine;
using TorchAe.Cli;
using TorchAe.Data;
using TorchAe.Data.Sets;
using TorchAe.Experiments;
using TorchAe.Interop;
using TorchAe.Options;
using TorchAe.Runtime;
using TorchAe.Training.Experiment;
using static TorchSharp.torch;

namespace TorchAe.Runs;

/// <summary>What <c>encode</c>, <c>reconstruct</c> and <c>evaluate</c> work on: the model of <c>--run DIR</c> (a run
/// folder or an imported archive) and the samples — <c>--data PATH</c>, or the run's own test set as config.json
/// describes it, read in the model's dtype and rescaled by the model's own feature scaling (model.json's <c>scale</c>,
/// fitted on its training split). Labels are mapped onto the model's classes by name; every misfit is refused before
/// anything is written.</summary>
public sealed record ModelInput(TrainedModel Model, Dataset Data, string DataDescription)
{
    public static readonly Option<string> RunOption = CliOption.Text("--run", "run folder or imported archive (model.json + model.dat) (required)", placeholder: "DIR");
    public static readonly Option<string> DataOption = CliOption.Text("--data", "samples: a CSV file (label column last), an image folder (one subfolder per class) or an MNIST folder (its t10k set)", "the run's test set", "PATH");
    public static readonly Option<string> SourceOption = CliOption.Text("--source", "how to read --data: csv, folder or mnist", "csv for a file, mnist for a folder of IDX files, else folder", "csv|folder|mnist");

    /// <summary>The options every command on a trained model takes, in --help order.</summary>
    public static IEnumerable<Symbol> Options => [RunOption, DataOption, SourceOption];

    static readonly Dictionary<string, DataSource> Sources = new() { ["csv"] = DataSource.Csv, ["folder"] = DataSource.Folder, ["mnist"] = DataSource.Mnist };

    public static ModelInput Load(ParseResult args)
    {
        var run = args.Text(RunOption) ?? throw new UsageException("--run is required (see --help)");
        if (!Directory.Exists(run)) throw new UsageException($"--run {run}: no such folder");
        if (!File.Exists(Path.Combine(run, StackArchive.DescriptionFile)))
            throw new UsageException($"--run {run}: holds no {StackArchive.DescriptionFile} (a run folder of a supervised run, or a folder made by torchae import)");
        if (args.Given(SourceOption) && !args.Given(DataOption)) throw new UsageException("--source needs --data");
        var model = StackArchive.Load(run, CPU);
        var precision = model.Architecture.DType == ScalarType.Float64 ? Precision.Float64 : Precision.Float32;
        var (data, description) = args.Text(DataOption) is { } path ? FromPath(path, args.Text(SourceOption), precision) : RunTestSet(run, precision);

        int inputs = model.Architecture.InputSize;
        if (data.FeatureCount != inputs)
            throw new UsageException($"{description}: {data.FeatureCount} features per sample, the model in {run} takes {inputs}");
        var scaled = OntoModelClasses(model.Scaler.Apply(data), model, description);
        return new ModelInput(model, scaled, description + (model.Scaler.IsIdentity ? "" : $" (rescaled as in training, {model.Scaler})"));
    }

    static (Dataset, string) FromPath(string path, string? sourceText, Precision precision)
    {
        DataSource source;
        if (sourceText is not null)
            source = Sources.TryGetValue(sourceText.Trim().ToLowerInvariant(), out var s) ? s
                : throw new UsageException($"--source must be one of csv, folder, mnist, got '{sourceText}'");
        else if (File.Exists(path)) source = DataSource.Csv;
        else if (Directory.Exists(path)) source = Directory.EnumerateFiles(path).Any(f => Path.GetFileName(f).Contains("-idx3-ubyte", StringComparison.Ordinal)) ? DataSource.Mnist : DataSource.Folder;
        else throw new UsageException($"--data {path}: no such file or folder");
        // Every sample of the file or folder (no count), as the model is judged on all of them.
        var (train, test) = DataLoader.Load(new DataOptions { Source = source, Paths = [path], TrainCount = null, TestCount = null }, seed: 1, precision);
        // An MNIST folder holds a training and a test set: a trained model is judged on the test set.
        return (source == DataSource.Mnist && test is not null ? test : train, $"--data {path}");
    }

    static (Dataset, string) RunTestSet(string run, Precision precision)
    {
        var configPath = Path.Combine(run, "config.json");
        if (!File.Exists(configPath))
            throw new UsageException($"--run {run}: no config.json to rebuild its test set from (an imported archive); give --data");
        var config = ExperimentJson.Load(configPath);
        // Unscaled: the model's stored scaler is applied to it, as to --data.
        var data = ExperimentData.LoadUnscaled(config.Data, config.Seed, precision);
        var set = data.Test ?? throw new UsageException($"--run {run}: its data ({EnumText.Name(config.Data.Source)}) has no test set; give --data");
        return (set, $"the test set of {run} ({EnumText.Name(config.Data.Source)}, {set.Count} samples)");
    }

    /// <summary>Relabels by class name: the data's class c becomes the model's class with the same name.</summary>
    static Dataset OntoModelClasses(Dataset data, TrainedModel model, string description)
    {
        if (data.Labels is null) return data;
        var index = model.ClassNames.Select((name, k) => (name, k)).ToDictionary(p => p.name, p => p.k, StringComparer.Ordinal);
        var map = new int[data.ClassNames.Count];
        for (int c = 0; c < map.Length; c++)
            map[c] = index.TryGetValue(data.ClassNames[c], out var k) ? k
                : throw new UsageException($"{description}: label '{data.ClassNames[c]}' is not one of the model's classes ({string.Join(", ", model.ClassNames)})");
        var labels = data.Labels.Select(l => map[l]).ToArray();
        return data.Relabeled(labels, model.ClassNames);
    }

    /// <summary>The samples as a (R, N) tensor in the model's dtype, on the CPU.</summary>
    public Tensor Inputs() => Data.FeaturesTensor(Model.Architecture.DType, CPU);
}
