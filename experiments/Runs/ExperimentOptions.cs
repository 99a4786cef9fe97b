using System.CommandLine;
using System.Globalization;
using TorchAe.Cli;
using TorchAe.Losses;
using TorchAe.Options;
using TorchAe.Runtime;
using TorchAe.Training.Objectives;
using TorchAe.Training;
using TorchAe.Training.Experiment;
using TorchAe.Training.Optimizers;

namespace TorchAe.Runs;

/// <summary>The options every training command shares — run folder, seed, device, dtype, threads, the stages'
/// optimiser settings and the layers' objective — with the basis's values (a preset's) as their --help defaults, or
/// "the config's" without one. <see cref="Apply"/> sets exactly the fields the command line gave.</summary>
public sealed class ExperimentOptions
{
    public readonly Option<string> Out, Resume;
    public readonly Option<int> Seed, Threads, Epochs, BatchSize, History, MaxEvaluations, EarlyStopping, CheckpointEvery;
    public readonly Option<DeviceRequest> Device;
    public readonly Option<Precision> Dtype;
    public readonly Option<OptimizerKind> Optimizer;
    public readonly Option<Initialization> Init;
    public readonly Option<double> LearningRate, ValidationFraction, Rho, Beta, Alpha;
    public readonly Option<GradientSource> Gradients;
    public readonly Option<Objective> Objective;
    public readonly Option<string> Hidden;
    public readonly Option<bool> Force, Quiet, PrintConfig, NoFinetune;

    public ExperimentOptions(ExperimentConfig? b)
    {
        // Without a preset (train), every default is the config file's.
        object? Shown(object? value) => b is null ? "the config's" : value;
        var p = b?.Pipeline;
        var stages = p is null ? null : new[] { p.Pretrain, p.Classifier, p.FineTuning };
        var losses = p?.Layers.Select(l => l.Loss).ToList();
        Out = CliOption.Text("--out", "run folder", "runs/<command>-<yyyyMMdd-HHmmss>", "DIR");
        Seed = CliOption.Int("--seed", "seed of initialisation, shuffling, splits and generated data", Shown(b?.Seed), min: 0);
        Device = CliOption.Choice<DeviceRequest>("--device", "cpu, cuda, or auto (CUDA when available)", Shown(b?.Device));
        Dtype = CliOption.Choice<Precision>("--dtype", "floating-point type of models and data", Shown(b?.Dtype));
        Threads = CliOption.Int("--threads", "libtorch threads; 0 = the default (your OMP_NUM_THREADS if set; else on machines with at most 2 cores every core when the first layer's R·N·H >= 6e7, one thread below; else libtorch chooses)", Shown(b?.Threads), min: 0);
        Init = CliOption.Choice<Initialization>("--init", "pretrained (greedy layer-wise pretraining, the head, then fine-tuning) or random (the same stack trained end to end from its initial weights: one fine-tuning stage with the fine-tuning budget)", Shown(p?.Init));
        Optimizer = CliOption.Choice<OptimizerKind>("--optimizer", "optimiser of every stage", Shown(PerStage(stages, s => EnumText.Name(s.Kind))));
        Epochs = CliOption.Int("--epochs", "epochs (L-BFGS: iterations) of every stage", Shown(PerStage(stages, s => s.Epochs)), min: 1);
        LearningRate = CliOption.Double("--learning-rate", $"η of every stage (L-BFGS: first trial step); --optimizer alone sets adam 1e-3, sgd 0.1, others 1", Shown(PerStage(stages, s => s.LearningRate)));
        BatchSize = CliOption.Int("--batch-size", "mini-batch size of every stage; 0 = full batch; --optimizer alone sets sgd and adam 64, others 0", Shown(PerStage(stages, s => s.BatchSize)), min: 0);
        History = CliOption.Int("--history", "L-BFGS: correction pairs kept (the memory m) in every stage", Shown(PerStage(stages, s => s.History)), min: 1);
        MaxEvaluations = CliOption.Int("--max-evaluations", "stop a stage after N evaluations of its objective (stop reason max_evaluations)",
            Shown(PerStage(stages, s => s.MaxEvaluations?.ToString(CultureInfo.InvariantCulture) ?? "no cap")), min: 1);
        Gradients = CliOption.Choice<GradientSource>("--gradients", "autograd, or hand (the hand-derived backprop)", Shown(p?.Settings.Gradients));
        ValidationFraction = CliOption.Double("--validation-fraction", "share of the training set held out for validation accuracy", Shown(b?.Data.ValidationFraction));
        EarlyStopping = CliOption.Int("--early-stopping", "stop a stage after N epochs without a better validation loss", Shown(p is null ? null : p.Settings.EarlyStoppingPatience?.ToString(CultureInfo.InvariantCulture) ?? "off"), min: 1);
        CheckpointEvery = CliOption.Int("--checkpoint-every", "also checkpoint every N epochs (stages always end with one)", Shown(p?.Settings.CheckpointEvery), min: 0);
        Resume = CliOption.Text("--resume", "continue the run in DIR from its last checkpoint; its config.json is the configuration (options given beside it must agree)", placeholder: "DIR");
        Force = CliOption.Flag("--force", "replace a run already in --out");
        Quiet = CliOption.Flag("--quiet", "print only the final summary");
        PrintConfig = CliOption.Flag("--print-config", "print the experiment as JSON (for torchae train --config) and stop");

        Hidden = CliOption.Text("--hidden", "hidden sizes of the cascade, e.g. 100,50", Shown(p is null ? null : string.Join(",", p.Layers.Select(l => l.Hidden))), "LIST");
        Rho = CliOption.Double("--rho", "ρ, target average activation of every layer", Shown(PerLayer(losses, l => l.TargetActivation)));
        Beta = CliOption.Double("--beta", "β, weight of the sparsity penalty of every layer", Shown(PerLayer(losses, l => l.SparsityWeight)));
        Alpha = CliOption.Double("--alpha", "α, weight decay of every autoencoder", Shown(PerLayer(losses, l => l.WeightDecay)));
        Objective = CliOption.Choice<Objective>("--objective", "normalisation of the objective of every layer (docs/math.md)", Shown(PerLayer(losses, l => EnumText.Name(l.Objective))));
        NoFinetune = CliOption.Flag("--no-finetune", "skip end-to-end fine-tuning");
    }

    public IEnumerable<Option> Common => [Out, Seed, Device, Dtype, Threads, Init, Optimizer, Epochs, LearningRate, BatchSize, History, MaxEvaluations, Gradients,
        ValidationFraction, EarlyStopping, CheckpointEvery, Resume, Force, Quiet, PrintConfig];

    public IEnumerable<Option> Layer => [Hidden, Rho, Beta, Alpha, Objective, NoFinetune];

    /// <summary>The record with every option the command line gave.</summary>
    public ExperimentConfig Apply(ExperimentConfig c, ParseResult args)
    {
        if (args.Value(Seed) is { } seed) c = c with { Seed = (ulong)seed };
        if (args.Value(Device) is { } device) c = c with { Device = device };
        if (args.Value(Dtype) is { } dtype) c = c with { Dtype = dtype };
        if (args.Value(Threads) is { } threads) c = c with { Threads = threads };
        if (args.Value(ValidationFraction) is { } fraction) c = c with { Data = c.Data with { ValidationFraction = fraction } };

        var p = c.Pipeline;
        OptimizerSettings Stage(OptimizerSettings o)
        {
            if (args.Value(Optimizer) is { } kind)
                o = o with
                {
                    Kind = kind,
                    LearningRate = DefaultRate(kind),
                    BatchSize = kind is OptimizerKind.Sgd or OptimizerKind.Adam ? 64 : 0,
                };
            if (args.Value(Epochs) is { } epochs) o = o with { Epochs = epochs };
            if (args.Value(LearningRate) is { } rate) o = o with { LearningRate = rate };
            if (args.Value(BatchSize) is { } batch) o = o with { BatchSize = batch };
            if (args.Value(History) is { } history) o = o with { History = history };
            if (args.Value(MaxEvaluations) is { } evaluations) o = o with { MaxEvaluations = evaluations };
            return o.Validated("--");
        }
        var settings = p.Settings;
        if (args.Value(Gradients) is { } gradients) settings = settings with { Gradients = gradients };
        if (args.Value(EarlyStopping) is { } patience) settings = settings with { EarlyStoppingPatience = patience };
        if (args.Value(CheckpointEvery) is { } every) settings = settings with { CheckpointEvery = every };

        var layers = p.Layers.ToList();
        if (args.Text(Hidden) is { } hidden)
        {
            var sizes = hidden.Split(',', StringSplitOptions.TrimEntries).Select(h => int.TryParse(h, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v > 0 ? v
                : throw new UsageException($"--hidden must be a comma-separated list of sizes > 0, got '{hidden}'")).ToList();
            layers = sizes.Select((h, i) => (i < layers.Count ? layers[i] : layers[^1]) with { Hidden = h }).ToList();
        }
        layers = layers.Select(l => l with
        {
            Loss = l.Loss with
            {
                TargetActivation = args.Value(Rho) ?? l.Loss.TargetActivation,
                SparsityWeight = args.Value(Beta) ?? l.Loss.SparsityWeight,
                WeightDecay = args.Value(Alpha) ?? l.Loss.WeightDecay,
                Objective = args.Value(Objective) ?? l.Loss.Objective,
            },
        }).ToList();
        c = c with
        {
            Pipeline = p with
            {
                Layers = layers,
                Init = args.Value(Init) ?? p.Init,
                FineTune = p.FineTune && !args.Given(NoFinetune),
                Pretrain = Stage(p.Pretrain), Classifier = Stage(p.Classifier), FineTuning = Stage(p.FineTuning),
                Settings = settings,
            },
        };
        // A record whose own fine-tuning is off (patches) is refused by the command or by the plan, in its own words.
        if (c.Pipeline.Init == Initialization.Random && args.Given(NoFinetune))
            throw new UsageException("--init random trains by fine-tuning alone; it excludes --no-finetune");
        if (c.Pipeline.Settings.EarlyStoppingPatience is not null && c.Data.ValidationFraction == 0)
            throw new UsageException("--early-stopping needs a validation set: give --validation-fraction (e.g. 0.1)");
        return c;
    }

    /// <summary>One value, or the stages' values as "200 / 100 / 50 (pretraining / classifier / fine-tuning)".</summary>
    static string? PerStage<T>(OptimizerSettings[]? stages, Func<OptimizerSettings, T> value)
    {
        if (stages is null) return null;
        var values = stages.Select(s => Convert.ToString(value(s), CultureInfo.InvariantCulture)!).ToList();
        return values.Distinct().Count() == 1 ? values[0] : $"{string.Join(" / ", values)} (pretraining / classifier / fine-tuning)";
    }

    static string? PerLayer<T>(IReadOnlyList<SparseAutoencoderLossOptions>? losses, Func<SparseAutoencoderLossOptions, T> value)
    {
        if (losses is null) return null;
        var values = losses.Select(l => Convert.ToString(value(l), CultureInfo.InvariantCulture)!).ToList();
        return values.Distinct().Count() == 1 ? values[0] : $"{string.Join(" / ", values)} (layer 1 / 2 / …)";
    }

    /// <summary>A learning rate that works for each optimiser on these objectives.</summary>
    static double DefaultRate(OptimizerKind kind) => kind switch
    {
        OptimizerKind.Adam => 1e-3,
        OptimizerKind.Sgd => 0.1,
        _ => 1,
    };
}
