using TorchAe.IO;
using System.Diagnostics;
using TorchAe.Cli;
using TorchAe.Data;
using TorchAe.Options;
using TorchAe.Reporting;
using TorchAe.Runtime;
using TorchAe.Training;
using TorchAe.Training.Experiment;
using static TorchSharp.torch;

namespace TorchAe.Runs;

/// <summary>Runs one experiment end to end: checks every input before anything is written (options, data, folder),
/// trains through the greedy pipeline with checkpoints, then writes the run folder's pictures, tables and report, and
/// summary.json last. Ctrl+C writes a checkpoint and exits 130 with the command that resumes.</summary>
public sealed class ExperimentRunner(TextWriter output)
{
    public int Run(ExperimentConfig config, RunRequest request)
    {
        var clock = Stopwatch.StartNew();
        if (request.Resume is not null && File.Exists(RunDirectory.Resume(request.Resume, config).File(RunDirectory.SummaryFile)))
        {
            // summary.json is written last: its presence means every output is there. Nothing to train, nothing to write.
            output.WriteLine($"{request.Resume}: this run is complete (summary.json is written); nothing to resume");
            return ExitCodes.Success;
        }
        TorchRuntime.EnsureLoaded();
        var device = DeviceChoice.Choose(config.Device);
        var dtype = config.Dtype.ToScalarType();

        var data = ExperimentData.Load(config.Data, config.Seed);
        int inputs = data.Train.FeatureCount;
        if (config.Pipeline.InputSize is { } pinned && pinned != inputs)
            throw new OptionException("pipeline.input_size", pinned, $"{inputs} (the data's feature count)");
        bool supervised = data.Train.Labels is not null && data.Test?.Labels is not null && data.Train.ClassNames.Count >= 2;
        if (data.Train.Labels is not null && data.Train.ClassNames.Count < 2)
            throw new DataFormatException(data.Train.Source, $"holds {data.Train.ClassNames.Count} class ({string.Join(", ", data.Train.ClassNames)}); a classifier needs at least 2");

        Stage.Plan(config.Pipeline, supervised);   // refuses a plan that cannot run (--init random without classes) before anything is written
        var folder = request.Resume ?? RunFolder.Resolve(request.Out, config.Name);
        var run = request.Resume is not null ? RunDirectory.Resume(folder, config) : RunDirectory.Create(folder, request.Force);
        // config.json is the record of the run: a resumed run keeps the one its start wrote.
        // --threads, else the default for the first layer's size (TorchThreads), else libtorch's own.
        int threads = config.Threads > 0 ? config.Threads
            : TorchThreads.ForExperiment((long)data.Train.Count * inputs * config.Pipeline.Layers[0].Hidden) ?? get_num_threads();
        var recorded = run.Resuming ? ExperimentJson.Load(run.File(RunDirectory.ConfigFile)) : Recorded(config, request, device, threads);
        if (!run.Resuming) run.WriteConfig(recorded);
        // A run killed before its first checkpoint has nothing to continue from: it starts again (the same run, from the seed).
        var resume = run.Resuming && run.Checkpoints.Exists ? CheckedCheckpoint(run, config, inputs, supervised ? data.Train.ClassNames.Count : 0, dtype) : null;

        if (!request.Quiet)
            output.WriteLine($"{config.Name}: {data.Train.Count} training samples of {inputs} features"
                + (data.Test is null ? "" : $", {data.Test.Count} test") + $"; {DeviceChoice.Describe(device)}, {EnumText.Name(config.Dtype)}; run folder {run.Path}"
                + (!run.Resuming ? "" : resume is null ? " (resuming from the start: no checkpoint was written)" : $" (resuming after {Position(resume.State)})"));

        using var metrics = Metrics(run, resume?.State);
        // Only now, with every input checked: a refused run leaves the process as it found it.
        set_num_threads(threads);
        var progress = new ConsoleProgress(output, request.Quiet);
        var notes = new NoteCollector();
        var sink = new CompositeSink(metrics, progress, notes);

        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; cancel.Cancel(); };
        Console.CancelKeyPress += onCancel;
        try
        {
            var pipeline = new GreedyPipeline
            {
                Spec = config.Pipeline,
                Train = Tensors(data.Train, dtype, device),
                Validation = data.Validation is { Count: > 0 } v ? Tensors(v, dtype, device) : null,
                Test = supervised ? Tensors(data.Test!, dtype, device) : null,
                Classes = supervised ? data.Train.ClassNames.Count : 0,
                Seed = config.Seed,
                Sink = sink,
                Checkpoints = run.Checkpoints,
                Cancellation = cancel.Token,
            };
            var result = progress.Run(() => pipeline.Run(resume));
            var comparisons = config.CompareRho.Count > 0 ? RhoComparison.Train(config, data, dtype, device, progress) : [];
            var summary = new RunArtifacts(run, recorded, data, result, comparisons, notes.Notes).Write(clock);
            PrintSummary(summary, run);
            return ExitCodes.Success;
        }
        catch (OperationCanceledException)
        {
            output.WriteLine($"interrupted: checkpoint kept in {run.Checkpoints.Folder}; continue with: {Resumption(request, run)}");
            return ExitCodes.Interrupted;
        }
        catch (TrainingDivergedException e)
        {
            var kept = run.Checkpoints.Exists && run.Checkpoints.Read() is var last
                ? $"the last good checkpoint ({Position(last)}) is kept in {run.Checkpoints.Folder}"
                : "no checkpoint had been written yet";
            throw new RunFailedException($"{e.Message}; {kept} (lower the learning rate, or check the data for NaN/∞)");
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    /// <summary>The record as config.json keeps it: the thread count that runs and the run's provenance.</summary>
    static ExperimentConfig Recorded(ExperimentConfig config, RunRequest request, Device device, int threads) => config with
    {
        CommandLine = request.CommandLine,
        Threads = threads,
        Provenance = new Provenance
        {
            CommandLine = request.CommandLine,
            DeviceUsed = DeviceChoice.Describe(device),
            TorchaeVersion = BuildInfo.Version,
            Commit = BuildInfo.Commit,
            TorchsharpVersion = BuildInfo.TorchSharpVersion,
            LibtorchVersion = BuildInfo.LibtorchVersion,
            DateUtc = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
        },
    };

    static string Position(CheckpointState state) =>
        $"{state.CompletedStages} stage{(state.CompletedStages == 1 ? "" : "s")} complete" + (state.Loop is { } loop ? $", epoch {loop.Epoch} of the next" : "");

    static TrainingData Tensors(Dataset set, ScalarType dtype, Device device) =>
        new(set.FeaturesTensor(dtype, device), set.Labels is null ? null : set.LabelsTensor(device));

    static string Resumption(RunRequest request, RunDirectory run) => $"{request.ResumeCommandLine} --resume {TrainingCommand.Quote(run.Path)}";

    /// <summary>The run's checkpoint, checked whole — state.json, every tensor, the optimiser's state, metrics.csv's rows —
    /// against the run before any file of the folder is touched: a refused resume leaves the folder as it was.</summary>
    static Checkpoint CheckedCheckpoint(RunDirectory run, ExperimentConfig config, int inputs, int classes, ScalarType dtype)
    {
        try
        {
            MetricsCsvSink.CheckResume(run.Path, run.Checkpoints.Read().MetricsRows);
            var checkpoint = run.Checkpoints.Load(config.Pipeline, inputs, classes, dtype);
            var plan = Stage.Plan(config.Pipeline, classes >= 2);
            var stages = checkpoint.State.Stages.Select(s => (s.Stage, s.Layer, s.Iterations)).ToList();
            if (checkpoint.State.Loop is { } loop) stages.Add((plan[checkpoint.State.CompletedStages].Name, plan[checkpoint.State.CompletedStages].Layer, loop.Epoch));
            MetricsCsvSink.CheckResume(run.Path, checkpoint.State.MetricsRows, stages);
            return checkpoint;
        }
        catch (Exception e) when (e is InvalidDataException or FormatException)
        {
            throw new UsageException($"--resume {run.Path}: {e.Message}");
        }
    }

    /// <summary>metrics.csv: a new one, or the resumed run's cut back to the rows its checkpoint has seen.</summary>
    static MetricsCsvSink Metrics(RunDirectory run, CheckpointState? resume)
    {
        if (resume is null) return MetricsCsvSink.Create(run.Path);
        try { return MetricsCsvSink.Resume(run.Path, resume.MetricsRows); }
        catch (Exception e) when (e is InvalidDataException or FormatException)
        {
            throw new UsageException($"--resume {run.Path}: {e.Message}");
        }
    }

    void PrintSummary(RunSummary summary, RunDirectory run)
    {
        if (summary.AccuracyBeforeFinetune is { } before)
            output.WriteLine($"test accuracy before fine-tuning {before:P2}" + (summary.AccuracyAfterFinetune is { } after ? $", after {after:P2}" : "") + $" ({summary.TestSamples} test samples)");
        else if (summary.AccuracyAfterFinetune is { } trained)
            output.WriteLine($"test accuracy {trained:P2} after training from random initialisation ({summary.TestSamples} test samples)");
        foreach (var layer in summary.Layers)
            output.WriteLine($"layer {layer.Layer}: loss {layer.Loss:G5} (reconstruction {layer.Reconstruction:G4}, decay {layer.WeightDecay:G3}, sparsity {layer.Sparsity:G3}), mean ρ̂ {layer.RhoHatMean:F4}, {layer.Epochs} epochs");
        output.WriteLine($"{summary.SecondsTotal:F1} s in all; wrote {run.Path}/ (report.html, summary.json, metrics.csv, …)");
    }
}
