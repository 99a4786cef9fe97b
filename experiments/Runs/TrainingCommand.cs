using System.CommandLine;
using TorchAe.Cli;
using TorchAe.Experiments;
using TorchAe.Options;
using TorchAe.Reporting.Summary;
using TorchAe.Runtime;
using TorchAe.Training.Experiment;

namespace TorchAe.Runs;

/// <summary>What every training command shares: the common, layer and data options, applied on top of the experiment
/// record (a preset, or the config file of <c>train</c>), <c>--print-config</c>, and the run itself. An option the
/// command line does not give leaves the record's value; --help shows the preset's values as defaults.</summary>
public abstract class TrainingCommand : ICommand
{
    readonly Lazy<ExperimentOptions> options;

    protected TrainingCommand() => options = new(() => new ExperimentOptions(Basis));

    public abstract string Name { get; }
    public abstract string Summary { get; }

    /// <summary>The preset whose values --help shows; null where the values come from a file (train).</summary>
    protected abstract ExperimentConfig? Basis { get; }

    /// <summary>The data options this command offers.</summary>
    protected abstract DataOptionSet Data { get; }

    /// <summary>Options of this command beyond the common, layer and data ones.</summary>
    protected virtual IEnumerable<Option> OwnOptions => [];

    /// <summary>The experiment before the options are applied: <paramref name="resumed"/> (the config.json of the run
    /// that --resume continues) or, for a new run, the preset (or the config file).</summary>
    protected abstract ExperimentConfig Build(ParseResult args, ExperimentConfig? resumed);

    /// <summary>This command's own options, applied after the common ones.</summary>
    protected virtual ExperimentConfig ApplyOwn(ExperimentConfig config, ParseResult args) => config;

    public IEnumerable<Symbol> Symbols => [.. OwnOptions, .. Data.Options, .. options.Value.Layer, .. options.Value.Common];

    public int Run(ParseResult args, TextWriter output)
    {
        var o = options.Value;
        if (args.Given(o.Out) && args.Given(o.Resume))
            throw new UsageException("--out and --resume exclude each other (--resume DIR continues the run in DIR)");
        if (args.Given(o.Branch) && args.Given(o.Resume))
            throw new UsageException("--branch and --resume exclude each other (--branch DIR starts a new run from DIR's checkpoint; --resume DIR continues DIR)");
        ExperimentConfig config;
        try
        {
            // --resume DIR alone continues with DIR's config.json; an option given beside it must agree with it.
            // --branch DIR starts from DIR's config.json too; the options given change it (in stages not begun).
            var resumed = args.Text(o.Resume) is { } dir ? RunDirectory.SavedConfig(dir)
                : args.Text(o.Branch) is { } branch ? RunDirectory.SavedConfig(branch, "--branch") : null;
            config = Build(args, resumed);
            config = config with { Data = Data.Apply(config.Data, args).Validate() };
            config = ApplyOwn(o.Apply(config, args), args);
        }
        catch (OptionException e) { throw CliOption.AsUsage(e); }
        if (args.Given(o.PrintConfig))
        {
            output.WriteLine(ExperimentJson.Serialize(config with { CommandLine = null, Provenance = null }));
            return ExitCodes.Success;
        }
        var raw = args.Tokens.Skip(1).Select(t => t.Value).ToList();
        var commandLine = "torchae " + string.Join(' ', new[] { Name }.Concat(raw).Select(Quote));
        var resumeLine = "torchae " + string.Join(' ', new[] { Name }.Concat(WithoutRunFolder(raw)).Select(Quote));
        var resume = args.Text(o.Resume);
        var experiment = Experiment.Prepare(config, new RunFolderOptions(resume ?? RunFolder.Resolve(args.Text(o.Out), config.Name))
        {
            Resume = resume is not null,
            BranchFrom = args.Text(o.Branch),
            Force = args.Given(o.Force),
            CommandLine = commandLine,
            TensorBoard = args.Given(o.TensorBoard),
        });
        if (experiment.Complete)
        {
            output.WriteLine($"{resume}: this run is complete (summary.json is written); nothing to resume. It is the {config.Name} run "
                + $"on {EnumText.Name(config.Data.Source)} data" + (RunDirectory.SavedConfig(resume!).Provenance?.CommandLine is { } made ? $" made by `{made}`" : ""));
            return ExitCodes.Success;
        }
        bool quiet = args.Given(o.Quiet);
        if (!quiet) output.WriteLine(Describe(experiment));
        if (!quiet && !experiment.Data.Scaler.IsIdentity)
            output.WriteLine($"features rescaled ({experiment.Data.Scaler}, fitted on the training split; --scale none keeps them as read)");
        var progress = new ConsoleProgress(output, quiet);
        // Ctrl+C: the pipeline writes a checkpoint after the current epoch and stops.
        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; cancel.Cancel(); };
        Console.CancelKeyPress += onCancel;
        try
        {
            progress.Run(() => experiment.Train(progress, cancel.Token));
            PrintSummary(experiment.Summary!, experiment.Folder, output, errors: config.Name == "sda");
            return ExitCodes.Success;
        }
        catch (OperationCanceledException)
        {
            output.WriteLine($"interrupted: checkpoint kept in {experiment.Directory!.Checkpoints.Folder}; continue with: {resumeLine} --resume {Quote(experiment.Folder)}");
            return ExitCodes.Interrupted;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    /// <summary>The line that opens a run: its data, device, dtype, folder and where a resumed run continues.</summary>
    static string Describe(Experiment e)
    {
        var data = e.Data;
        return $"{e.Recorded.Name}: {data.Train.Count} training samples of {data.Train.FeatureCount} features"
            + (data.Test is null ? "" : $", {data.Test.Count} test") + $"; {DeviceChoice.Describe(e.Device)}, {EnumText.Name(e.Recorded.Dtype)}; run folder {e.Folder}"
            + (!e.Directory!.Resuming ? "" : e.ResumedFrom is null ? " (resuming from the start: no checkpoint was written)"
                : e.BranchedFrom is { } from ? $" (branched from {from}: {Experiment.Position(e.ResumedFrom.State, e.Plan)})"
                : $" (resuming {Experiment.Position(e.ResumedFrom.State, e.Plan)})");
    }

    /// <param name="errors">Also print test and validation error (the test error with its binomial 95 % interval) and the
    /// peak resident memory, as Vincent et al. 2010 report (the sda preset).</param>
    static void PrintSummary(RunSummary summary, string folder, TextWriter output, bool errors)
    {
        if (summary.AccuracyBeforeFinetune is { } before)
            output.WriteLine($"test accuracy before fine-tuning {before:P2}" + (summary.AccuracyAfterFinetune is { } after ? $", after {after:P2}" : "") + $" ({summary.TestSamples} test samples)");
        else if (summary.AccuracyAfterFinetune is { } trained)
            output.WriteLine($"test accuracy {trained:P2} after training from random initialisation ({summary.TestSamples} test samples)");
        foreach (var layer in summary.Layers)
            output.WriteLine($"layer {layer.Layer}: loss {layer.Loss:G5} (reconstruction {layer.Reconstruction:G4}, decay {layer.WeightDecay:G3}, sparsity {layer.Sparsity:G3}), mean ρ̂ {layer.RhoHatMean:F4}, {layer.Epochs} epochs"
                + (layer.KeptEpoch is { } kept && kept != layer.Epochs ? $" (weights and terms of epoch {kept})" : ""));
        if (errors && summary.AccuracyAfterFinetune is { } accuracy)
        {
            double e = 1 - accuracy, half = 1.96 * Math.Sqrt(e * (1 - e) / summary.TestSamples);
            output.WriteLine($"test error {e:P2} ± {half:P2} (95 %, binomial over {summary.TestSamples} test samples; Vincent et al. 2010: SdA-3 1.28 ± 0.22 %, SAA-3 1.40 ± 0.23 %)"
                + (summary.ValidationAccuracyAfterFinetune is { } v ? $"; validation error {1 - v:P2}" : ""));
            output.WriteLine($"peak resident memory {summary.Stages.Select(t => t.PeakRssBytes).DefaultIfEmpty(0).Max() / (1024.0 * 1024 * 1024):F2} GiB");
        }
        output.WriteLine($"{summary.SecondsTotal:F1} s in all; wrote {folder}/ (report.html, summary.json, metrics.csv, …)");
    }

    /// <summary>The arguments without the run folder's options (--out DIR, --resume DIR, --branch DIR, --force): a branch
    /// continues as a resumed run of its own folder.</summary>
    static IEnumerable<string> WithoutRunFolder(IReadOnlyList<string> raw)
    {
        for (int i = 0; i < raw.Count; i++)
        {
            if (raw[i] is "--out" or "--resume" or "--branch") { i++; continue; }
            if (raw[i] == "--force") continue;
            yield return raw[i];
        }
    }

    internal static string Quote(string a) => a.Length > 0 && a.All(ch => char.IsLetterOrDigit(ch) || "-_./=,:".Contains(ch)) ? a : $"'{a.Replace("'", "'\\''")}'";
}
