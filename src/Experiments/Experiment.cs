using System.Diagnostics;
using TorchAe.Data.Sets;
using TorchAe.IO;
using TorchAe.Kernels;
using TorchAe.Options;
using TorchAe.Reporting.Csv;
using TorchAe.Reporting.Summary;
using TorchAe.Reporting.TensorBoard;
using TorchAe.Runtime;
using TorchAe.Training;
using TorchAe.Training.Experiment;
using static TorchSharp.torch;

namespace TorchAe.Experiments;

/// <summary>One experiment and its run folder, as the <c>torchae</c> training commands make it: <see cref="Prepare"/>
/// checks every input before anything is written (options, data, folder) and writes config.json with the run's
/// provenance; <see cref="Train"/> trains through the greedy pipeline with checkpoints, then writes metrics, the model
/// archive, pictures, tables and report.html, and summary.json last. <see cref="Run"/> does both. A run folder made
/// here is one that <c>torchae evaluate --run</c> and <c>torchae shapes --resume</c> accept.</summary>
public sealed class Experiment
{
    readonly ExperimentConfig config;
    readonly Stopwatch clock;

    Experiment(ExperimentConfig config, Stopwatch clock, RunDirectory? folder, string path)
    {
        this.config = config;
        this.clock = clock;
        Directory = folder;
        Folder = path;
    }

    /// <summary>The run folder.</summary>
    public string Folder { get; }

    /// <summary>True when <see cref="RunFolderOptions.Resume"/> named a finished run (summary.json present): there is
    /// nothing to train and nothing is written.</summary>
    public bool Complete => Directory is null;

    internal RunDirectory? Directory { get; }
    internal ExperimentData Data { get; private set; } = null!;
    /// <summary>The stages the run trains (<see cref="Stage.Plan"/>).</summary>
    internal IReadOnlyList<Stage> Plan { get; private set; } = [];
    /// <summary>Also write TensorBoard event files (<see cref="RunFolderOptions.TensorBoard"/>).</summary>
    internal bool TensorBoard { get; private set; }
    internal Device Device { get; private set; } = CPU;
    internal ExperimentConfig Recorded { get; private set; } = null!;
    /// <summary>libtorch's intra-op threads for the run (config.json's <c>threads</c>).</summary>
    internal int Threads { get; private set; }
    /// <summary>The checkpoint a resumed run continues from; null for a new run or one killed before its first checkpoint.</summary>
    internal Checkpoint? ResumedFrom { get; private set; }
    /// <summary>The run folder a branch started from (<see cref="RunFolderOptions.BranchFrom"/>); null otherwise.</summary>
    internal string? BranchedFrom { get; private set; }
    /// <summary>summary.json's content, once <see cref="Train"/> has finished.</summary>
    internal RunSummary? Summary { get; private set; }

    /// <summary>Trains <paramref name="config"/> into the run folder <paramref name="folder"/> and returns the folder's
    /// path: <see cref="Prepare"/>, then <see cref="Train"/> (unless the resumed run is complete).</summary>
    public static string Run(ExperimentConfig config, RunFolderOptions folder, IMetricsSink? sink = null, CancellationToken cancellation = default)
    {
        var experiment = Prepare(config, folder);
        if (!experiment.Complete) experiment.Train(sink ?? new CompositeSink(), cancellation);
        return experiment.Folder;
    }

    /// <summary>Checks the options, the data and the folder, and (for a new run) writes config.json with the thread count
    /// that will run and the run's provenance. Throws <see cref="OptionException"/>, <see cref="DataFormatException"/>
    /// or <see cref="RunFolderException"/> before anything is written.</summary>
    public static Experiment Prepare(ExperimentConfig config, RunFolderOptions options)
    {
        var clock = Stopwatch.StartNew();
        if (options.Resume && options.BranchFrom is not null)
            throw new RunFolderException($"--branch {options.BranchFrom} and --resume {options.Folder} exclude each other");
        if (options.Resume && File.Exists(RunDirectory.Resume(options.Folder, config).File(RunDirectory.SummaryFile)))
            return new Experiment(config, clock, null, options.Folder);   // summary.json is written last: every output is there
        TorchRuntime.EnsureLoaded();
        var device = DeviceChoice.Choose(config.Device);

        CheckScaling(config);
        var data = ExperimentData.Load(config.Data, config.Seed, config.Dtype);
        int inputs = data.Train.FeatureCount;
        if (config.Pipeline.InputSize is { } pinned && pinned != inputs)
            throw new OptionException("pipeline.input_size", pinned, $"{inputs} (the data's feature count)");
        if (data.Train.Labels is not null && data.Train.ClassNames.Count < 2)
            throw new DataFormatException(data.Train.Source, $"holds {data.Train.ClassNames.Count} class ({string.Join(", ", data.Train.ClassNames)}); a classifier needs at least 2");
        CheckSizes(config.Pipeline, data.Train.Count, inputs);

        var plan = Stage.Plan(config.Pipeline, data.Supervised);   // refuses a plan that cannot run (--init random without classes) before anything is written
        // --threads, else the default for the first layer's size (TorchThreads), else libtorch's own.
        int threads = config.Threads > 0 ? config.Threads
            : TorchThreads.ForExperiment((long)data.Train.Count * inputs * config.Pipeline.Layers[0].Hidden) ?? get_num_threads();
        string commandLine = options.CommandLine ?? Environment.CommandLine;
        // A branch is a new run folder holding the other run's checkpoint and config.json: from there on it resumes.
        if (options.BranchFrom is { } from)
            RunBranch.Start(from, options.Folder, config, WithProvenance(config, commandLine, device, threads), data.Supervised, options.Force);
        var run = options.Resume || options.BranchFrom is not null ? RunDirectory.Resume(options.Folder, config) : RunDirectory.Create(options.Folder, options.Force);
        // config.json is the record of the run: a resumed run keeps the one its start wrote.
        var recorded = run.Resuming ? ExperimentJson.Load(run.File(RunDirectory.ConfigFile)) : WithProvenance(config, commandLine, device, threads);
        if (!run.Resuming) run.WriteConfig(recorded);
        return new Experiment(config, clock, run, run.Path)
        {
            Plan = plan,
            BranchedFrom = options.BranchFrom,
            TensorBoard = options.TensorBoard,
            Data = data,
            Device = device,
            Recorded = recorded,
            Threads = threads,
            // A run killed before its first checkpoint has nothing to continue from: it starts again (the same run, from the seed).
            ResumedFrom = run.Resuming && run.Checkpoints.Exists ? CheckedCheckpoint(run, config, inputs, data.Supervised ? data.Train.ClassNames.Count : 0, config.Dtype.ToScalarType()) : null,
        };
    }

    /// <summary>Trains, reporting to <paramref name="sink"/> (beside metrics.csv), and writes the run folder; summary.json
    /// last. <paramref name="cancellation"/> stops after the current epoch with a checkpoint written, then throws
    /// <see cref="OperationCanceledException"/>; a diverged run throws <see cref="RunDivergedException"/>.</summary>
    public void Train(IMetricsSink sink, CancellationToken cancellation = default)
    {
        var run = Directory ?? throw new InvalidOperationException($"{Folder}: this run is complete (summary.json is written)");
        var dtype = config.Dtype.ToScalarType();
        using var metrics = Metrics(run, ResumedFrom?.State);
        // Only now, with every input checked: a refused run leaves the process as it found it.
        set_num_threads(Threads);
        var notes = new NoteCollector();
        // TensorBoard, or a resumed run that wrote event files: they continue, replayed from the CSVs the checkpoint kept.
        var tensorboard = !TensorBoard && !(run.Resuming && TensorBoardSink.HasEventFiles(run.Path)) ? null
            : run.Resuming ? TensorBoardSink.Resume(run.Path) : TensorBoardSink.Create(run.Path);
        var all = new CompositeSink([metrics, sink, notes, .. tensorboard is null ? Array.Empty<IMetricsSink>() : [tensorboard]]);
        try
        {
            var pipeline = new GreedyPipeline
            {
                Spec = config.Pipeline,
                Train = Tensors(Data.Train, dtype),
                Validation = Data.Validation is { Count: > 0 } v ? Tensors(v, dtype) : null,
                Test = Data.Supervised ? Tensors(Data.Test!, dtype) : null,
                Classes = Data.Supervised ? Data.Train.ClassNames.Count : 0,
                Seed = config.Seed,
                Sink = all,
                Checkpoints = run.Checkpoints,
                Cancellation = cancellation,
            };
            var result = pipeline.Run(ResumedFrom);
            var comparisons = config.CompareRho.Count > 0 ? RhoComparison.Train(config, Data, dtype, Device, sink) : [];
            Summary = new RunArtifacts(run, Recorded, Data, result, comparisons, notes.Notes, tensorboard).Write(clock);
        }
        catch (TrainingDivergedException e)
        {
            var kept = run.Checkpoints.Exists && run.Checkpoints.Read() is var last
                ? $"the last good checkpoint ({Position(last, Plan)}) is kept in {run.Checkpoints.Folder}"
                : "no checkpoint had been written yet";
            throw new RunDivergedException($"{e.Message}; {kept} (lower the learning rate, or check the data for NaN/∞)", e);
        }
    }

    /// <summary>The record as config.json keeps it: the thread count that runs and the run's provenance.</summary>
    static ExperimentConfig WithProvenance(ExperimentConfig config, string commandLine, Device device, int threads) => config with
    {
        CommandLine = commandLine,
        Threads = threads,
        Provenance = new Provenance
        {
            CommandLine = commandLine,
            DeviceUsed = DeviceChoice.Describe(device),
            TorchaeVersion = BuildInfo.Version,
            Commit = BuildInfo.Commit,
            TorchsharpVersion = BuildInfo.TorchSharpVersion,
            LibtorchVersion = BuildInfo.LibtorchVersion,
            DateUtc = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
        },
    };

    /// <summary>Where a checkpoint stands in the plan: "pretrain layer 1, stage 1 of 4, after epoch 148",
    /// "classifier, stage 3 of 4, from its start", "after all 4 stages".</summary>
    internal static string Position(CheckpointState state, IReadOnlyList<Stage> plan)
    {
        int done = state.CompletedStages;
        if (done >= plan.Count) return $"after all {plan.Count} stages";
        var at = $"{plan[done].Label}, stage {done + 1} of {plan.Count}";
        return state.Loop is { Epoch: > 0 } loop ? $"{at}, after epoch {loop.Epoch}" : $"{at}, from its start";
    }

    /// <summary>z-scores (<c>standard</c>) leave [0, 1] and [−1, 1]: only a linear first decoder can reconstruct them.</summary>
    static void CheckScaling(ExperimentConfig config)
    {
        var decoder = config.Pipeline.Layers[0].Decoder;
        if (config.Data.Scale == FeatureScaling.Standard && decoder != Activation.Linear)
            throw new ConfigException($"--scale standard (data.scale) gives values outside [0, 1] (z-scores), which the first layer's {decoder.Name()} decoder cannot reconstruct; "
                + "use --scale minmax, or a linear decoder (pipeline.layers[0].decoder = \"linear\")");
    }

    /// <summary>Each weight matrix (H_l × H_{l−1}, H_0 the data's features) and each encoded training set (N × H_l, kept
    /// for the next layer) within <see cref="Dataset.MaxValues"/>: sizes that are each allowed but whose products are
    /// absurd are refused, naming the layer's hidden size and what it multiplies, before a model or a code is allocated.</summary>
    static void CheckSizes(PipelineSpec spec, long samples, long inputs)
    {
        const long max = Dataset.MaxValues;
        long previous = inputs;
        for (int l = 0; l < spec.Layers.Count; l++)
        {
            long hidden = spec.Layers[l].Hidden;
            var field = $"pipeline.layers[{l}].hidden";
            if (hidden * previous > max)
                throw new OptionException(field, hidden, $"an integer <= {max / previous} on {(l == 0 ? $"the data's {previous} features" : $"the {previous} units of pipeline.layers[{l - 1}]")} (a weight matrix holds at most {max} values)");
            if (hidden * samples > max)
                throw new OptionException(field, hidden, $"an integer <= {max / samples} for {samples} training samples (data.train_count; an encoded training set holds at most {max} values)");
            previous = hidden;
        }
    }

    TrainingData Tensors(Dataset set, ScalarType dtype) =>
        new(set.FeaturesTensor(dtype, Device), set.Labels is null ? null : set.LabelsTensor(Device));

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
            throw new RunFolderException($"--resume {run.Path}: {e.Message}");
        }
    }

    /// <summary>metrics.csv: a new one, or the resumed run's cut back to the rows its checkpoint has seen.</summary>
    static MetricsCsvSink Metrics(RunDirectory run, CheckpointState? resume)
    {
        if (resume is null) return MetricsCsvSink.Create(run.Path);
        try { return MetricsCsvSink.Resume(run.Path, resume.MetricsRows); }
        catch (Exception e) when (e is InvalidDataException or FormatException)
        {
            throw new RunFolderException($"--resume {run.Path}: {e.Message}");
        }
    }
}
