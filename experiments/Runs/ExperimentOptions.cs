using System.CommandLine;
using System.Globalization;
using TorchAe.Cli;
using TorchAe.Data.Sets;
using TorchAe.Losses;
using TorchAe.Models;
using TorchAe.Options;
using TorchAe.Runtime;
using TorchAe.Training;
using TorchAe.Training.Experiment;
using TorchAe.Training.Objectives;
using TorchAe.Training.Optimizers;

namespace TorchAe.Runs;

/// <summary>The options every training command shares — run folder, seed, device, dtype, threads, the stages'
/// optimiser settings and the layers' objective — with the basis's values (a preset's) as their --help defaults, or
/// "the config's" without one. <see cref="Apply"/> sets exactly the fields the command line gave.</summary>
public sealed class ExperimentOptions
{
    public readonly Option<string> Out, Resume, Branch;
    public readonly Option<int> Seed, Threads, Epochs, PretrainEpochs, FinetuneEpochs, BatchSize, History, MaxEvaluations, EarlyStopping, CheckpointEvery;
    public readonly Option<DeviceRequest> Device;
    public readonly Option<Precision> Dtype;
    public readonly Option<FeatureScaling> Scale;
    public readonly Option<ValidationSplit> Split;
    public readonly Option<OptimizerKind> Optimizer;
    public readonly Option<Initialization> Init;
    public readonly Option<double> LearningRate, PretrainLearningRate, FinetuneLearningRate, ValidationFraction, Rho, Beta, Alpha, Contraction;
    public readonly Option<ReconstructionLoss> Reconstruction;
    public readonly Option<WeightInit> WeightInit;
    public readonly Option<GradientSource> Gradients;
    public readonly Option<EarlyStoppingMetric> EarlyStoppingMetric;
    public readonly Option<Objective> Objective;
    public readonly Option<string> Hidden, Corruption;
    public readonly Option<bool> Force, Quiet, PrintConfig, NoFinetune, TensorBoard, Tied;

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
        Scale = CliOption.Choice<FeatureScaling>("--scale", "feature scaling fitted on the training split: auto (minmax when the values leave [0, 1], else none), none, minmax (into [0, 1]) or standard (z-scores; needs a linear first decoder)", Shown(b?.Data.Scale));
        Threads = CliOption.Int("--threads", "libtorch threads; 0 = the default (your OMP_NUM_THREADS if set; else on machines with at most 2 cores every core when the first layer's R·N·H >= 6e7, one thread below; else libtorch chooses)", Shown(b?.Threads), min: 0);
        Init = CliOption.Choice<Initialization>("--init", "pretrained (greedy layer-wise pretraining, the head, then fine-tuning) or random (the same stack trained end to end from its initial weights: one fine-tuning stage with the fine-tuning budget)", Shown(p?.Init));
        Optimizer = CliOption.Choice<OptimizerKind>("--optimizer", "optimiser of every stage", Shown(PerStage(stages, s => EnumText.Name(s.Kind))));
        Epochs = CliOption.Int("--epochs", "epochs (L-BFGS: iterations) of every stage", Shown(PerStage(stages, s => s.Epochs)), min: 1);
        PretrainEpochs = CliOption.Int("--pretrain-epochs", "epochs (L-BFGS: iterations) of each pretraining stage, after --epochs", Shown(p?.Pretrain.Epochs), min: 1);
        FinetuneEpochs = CliOption.Int("--finetune-epochs", "epochs (L-BFGS: iterations) of fine-tuning at most, after --epochs", Shown(p?.FineTuning.Epochs), min: 1);
        LearningRate = CliOption.Double("--learning-rate", $"η of every stage (L-BFGS: first trial step); --optimizer alone sets adam 1e-3, sgd 0.1, others 1", Shown(PerStage(stages, s => s.LearningRate)));
        PretrainLearningRate = CliOption.Double("--pretrain-learning-rate", "η of every pretraining stage alone, after --learning-rate", Shown(p?.Pretrain.LearningRate));
        FinetuneLearningRate = CliOption.Double("--finetune-learning-rate", "η of fine-tuning alone, after --learning-rate", Shown(p?.FineTuning.LearningRate));
        BatchSize = CliOption.Int("--batch-size", "mini-batch size of every stage; 0 = full batch; --optimizer alone sets sgd and adam 64, others 0", Shown(PerStage(stages, s => s.BatchSize)), min: 0);
        History = CliOption.Int("--history", "L-BFGS: correction pairs kept (the memory m) in every stage", Shown(PerStage(stages, s => s.History)), min: 1);
        MaxEvaluations = CliOption.Int("--max-evaluations", "stop a stage after N evaluations of its objective (stop reason max_evaluations)",
            Shown(PerStage(stages, s => s.MaxEvaluations?.ToString(CultureInfo.InvariantCulture) ?? "no cap")), min: 1);
        Gradients = CliOption.Choice<GradientSource>("--gradients", "autograd, or hand (the hand-derived backprop)", Shown(p?.Settings.Gradients));
        ValidationFraction = CliOption.Double("--validation-fraction", "share of the training set held out for validation accuracy", Shown(b?.Data.ValidationFraction));
        Split = CliOption.Choice<ValidationSplit>("--validation-split", "which training samples --validation-fraction holds out: stratified (a seeded random share of each class) or last (the last ones in file order, as Vincent et al. 2010 split MNIST)", Shown(b?.Data.ValidationSplit));
        EarlyStopping = CliOption.Int("--early-stopping", "stop a stage after N epochs without a better validation loss (or error: --early-stopping-metric), and end it with its best epoch's weights; 0 = off (every stage runs its epochs and keeps its last weights)", Shown(p is null ? null : p.Settings.EarlyStoppingPatience?.ToString(CultureInfo.InvariantCulture) ?? "off"), min: 0);
        EarlyStoppingMetric = CliOption.Choice<EarlyStoppingMetric>("--early-stopping-metric", "what --early-stopping watches: loss (the validation loss), or error (the validation error, in the classifier and fine-tuning; pretraining watches its loss)", Shown(p?.Settings.EarlyStoppingMetric));
        CheckpointEvery = CliOption.Int("--checkpoint-every", "also checkpoint every N epochs (stages always end with one)", Shown(p?.Settings.CheckpointEvery), min: 0);
        Resume = CliOption.Text("--resume", "continue the run in DIR from its last checkpoint; its config.json is the configuration (options given beside it must agree)", placeholder: "DIR");
        Branch = CliOption.Text("--branch", "start a new run (--out) from the checkpoint of the run in DIR, with DIR's config.json and the options given, which may change only the stages that checkpoint has not begun (e.g. --finetune-learning-rate after a finished pretraining); DIR is only read", placeholder: "DIR");
        Force = CliOption.Flag("--force", "replace a run already in --out");
        Quiet = CliOption.Flag("--quiet", "print only the final summary");
        TensorBoard = CliOption.Flag("--tensorboard", "also write TensorBoard event files into the run folder: every metrics.csv scalar, ρ̂ and weight histograms, gradient norms, weight mosaics and reconstructions (tensorboard --logdir DIR)");
        PrintConfig = CliOption.Flag("--print-config", "print the experiment as JSON (for torchae train --config) and stop");

        Hidden = CliOption.Text("--hidden", "hidden sizes of the cascade, e.g. 100,50", Shown(p is null ? null : string.Join(",", p.Layers.Select(l => l.Hidden))), "LIST");
        Rho = CliOption.Double("--rho", "ρ, target average activation of every layer", Shown(PerLayer(losses, l => l.TargetActivation)));
        Beta = CliOption.Double("--beta", "β, weight of the sparsity penalty of every layer", Shown(PerLayer(losses, l => l.SparsityWeight)));
        Alpha = CliOption.Double("--alpha", "α, weight decay of every autoencoder", Shown(PerLayer(losses, l => l.WeightDecay)));
        Objective = CliOption.Choice<Objective>("--objective", "normalisation of the objective of every layer (docs/math.md)", Shown(PerLayer(losses, l => EnumText.Name(l.Objective))));
        Corruption = CliOption.Text("--corruption", "denoising: the corruption of every layer's input in pretraining, none, mask:ν (a fraction ν of inputs set to 0), gaussian:σ (plus σ·N(0, 1)) or saltpepper:ν (a fraction ν set to 0 or 1); the loss compares with the clean input",
            Shown(p is null ? null : PerLayerOf(p.Layers, l => l.Corruption)), "KIND:LEVEL");
        Contraction = CliOption.Double("--contraction", "λ_c, weight of the contractive penalty ‖J_f(x)‖²_F of every layer", Shown(PerLayer(losses, l => l.Contraction)));
        Tied = CliOption.Flag("--tied", "tied weights in every autoencoder: the decoder's weight is the encoder's transposed (own bias)");
        Reconstruction = CliOption.Choice<ReconstructionLoss>("--reconstruction-loss", "reconstruction error of every layer: squared, or cross-entropy (inputs in [0, 1], sigmoid decoder)", Shown(PerLayer(losses, l => EnumText.Name(l.Reconstruction))));
        WeightInit = CliOption.Choice<WeightInit>("--weight-init", "range of every autoencoder's initial weights: ufldl (±√(6 / (N + H + 1))) or glorot-sigmoid (±4√(6 / (N + H)), Theano's SdA tutorial)", Shown(p is null ? null : PerLayerOf(p.Layers, l => EnumText.Name(l.WeightInit))));
        NoFinetune = CliOption.Flag("--no-finetune", "skip end-to-end fine-tuning");
    }

    public IEnumerable<Option> Common => [Out, Seed, Device, Dtype, Scale, Threads, Init, Optimizer, Epochs, PretrainEpochs, FinetuneEpochs, LearningRate, PretrainLearningRate, FinetuneLearningRate, BatchSize, History, MaxEvaluations, Gradients,
        ValidationFraction, Split, EarlyStopping, EarlyStoppingMetric, CheckpointEvery, Resume, Branch, Force, Quiet, TensorBoard, PrintConfig];

    public IEnumerable<Option> Layer => [Hidden, Rho, Beta, Alpha, Objective, Corruption, Contraction, Tied, Reconstruction, WeightInit, NoFinetune];

    /// <summary>The record with every option the command line gave.</summary>
    public ExperimentConfig Apply(ExperimentConfig c, ParseResult args)
    {
        if (args.Value(Seed) is { } seed) c = c with { Seed = (ulong)seed };
        if (args.Value(Device) is { } device) c = c with { Device = device };
        if (args.Value(Dtype) is { } dtype) c = c with { Dtype = dtype };
        if (args.Value(Threads) is { } threads) c = c with { Threads = threads };
        if (args.Value(ValidationFraction) is { } fraction) c = c with { Data = c.Data with { ValidationFraction = fraction } };
        if (args.Value(Split) is { } split) c = c with { Data = c.Data with { ValidationSplit = split } };
        if (args.Value(Scale) is { } scale) c = c with { Data = c.Data with { Scale = scale } };

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
        // A stage's own epochs and η (--pretrain-epochs, --finetune-learning-rate, …), applied after the options of every stage.
        OptimizerSettings Own(OptimizerSettings o, Option<int> epochs, Option<double> rate, string field) => o with
        {
            Epochs = args.Value(epochs) ?? o.Epochs,
            LearningRate = args.Value(rate) is { } η ? η > 0 ? η : throw new OptionException(field, η, "a finite number > 0") : o.LearningRate,
        };
        var settings = p.Settings;
        if (args.Value(Gradients) is { } gradients) settings = settings with { Gradients = gradients };
        if (args.Value(EarlyStopping) is { } patience) settings = settings with { EarlyStoppingPatience = patience == 0 ? null : patience };
        if (args.Value(EarlyStoppingMetric) is { } metric) settings = settings with { EarlyStoppingMetric = metric };
        if (args.Value(CheckpointEvery) is { } every) settings = settings with { CheckpointEvery = every };

        var layers = p.Layers.ToList();
        if (args.Text(Hidden) is { } hidden)
        {
            var sizes = hidden.Split(',', StringSplitOptions.TrimEntries).Select(h => HiddenSize(h, hidden)).ToList();
            layers = sizes.Select((h, i) => (i < layers.Count ? layers[i] : layers[^1]) with { Hidden = h }).ToList();
        }
        var corruption = args.Text(Corruption) is { } text ? TorchAe.Data.Corruption.Parse(text, "--corruption") : null;
        layers = layers.Select(l => l with
        {
            Corruption = corruption ?? l.Corruption,
            Tied = l.Tied || args.Given(Tied),
            WeightInit = args.Value(WeightInit) ?? l.WeightInit,
            Loss = l.Loss with
            {
                TargetActivation = args.Value(Rho) ?? l.Loss.TargetActivation,
                SparsityWeight = args.Value(Beta) ?? l.Loss.SparsityWeight,
                WeightDecay = args.Value(Alpha) ?? l.Loss.WeightDecay,
                Objective = args.Value(Objective) ?? l.Loss.Objective,
                Contraction = args.Value(Contraction) ?? l.Loss.Contraction,
                Reconstruction = args.Value(Reconstruction) ?? l.Loss.Reconstruction,
            },
        }).ToList();
        c = c with
        {
            Pipeline = p with
            {
                Layers = layers,
                Init = args.Value(Init) ?? p.Init,
                FineTune = p.FineTune && !args.Given(NoFinetune),
                Pretrain = Own(Stage(p.Pretrain), PretrainEpochs, PretrainLearningRate, "pretrain_learning_rate"),
                Classifier = Stage(p.Classifier),
                FineTuning = Own(Stage(p.FineTuning), FinetuneEpochs, FinetuneLearningRate, "finetune_learning_rate"),
                Settings = settings,
            },
        };
        if (args.Given(Reconstruction) && layers.FirstOrDefault(l => l.Loss.Reconstruction == ReconstructionLoss.CrossEntropy && l.Decoder != TorchAe.Kernels.Activation.Sigmoid) is { } linear)
            throw new UsageException($"--reconstruction-loss cross-entropy needs sigmoid decoders (outputs in (0, 1)); this run's layer {layers.IndexOf(linear) + 1} decodes with '{EnumText.Name(linear.Decoder)}'");
        // A record whose own fine-tuning is off (patches) is refused by the command or by the plan, in its own words.
        if (c.Pipeline.Init == Initialization.Random && args.Given(NoFinetune))
            throw new UsageException("--init random trains by fine-tuning alone; it excludes --no-finetune");
        if (c.Pipeline.Settings.EarlyStoppingPatience is not null && c.Data.ValidationFraction == 0)
            throw new UsageException("--early-stopping needs a validation set: give --validation-fraction (e.g. 0.1)");
        return c;
    }

    /// <summary>One entry of --hidden, or a message that says what is wrong with it.</summary>
    static int HiddenSize(string entry, string hidden)
    {
        var what = hidden == entry ? "" : $" in '{hidden}'";
        if (int.TryParse(entry, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v))
            return v > 0 ? v : throw new UsageException($"--hidden: the size {v}{what} must be at least 1 (hidden units per layer, e.g. 100,50)");
        if (entry.Length == 0) throw new UsageException($"--hidden: an empty size in '{hidden}' (give the sizes as 100,50)");
        if (double.TryParse(entry, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
            throw new UsageException(d is >= 1 and <= int.MaxValue && d == Math.Floor(d)
                ? $"--hidden: '{entry}'{what} is not written as a whole number; write the size in digits ({d.ToString("F0", CultureInfo.InvariantCulture)})"
                : d > int.MaxValue ? $"--hidden: '{entry}'{what} is larger than the largest layer size, {int.MaxValue}"
                : $"--hidden: '{entry}'{what} is not a whole number of hidden units");
        throw new UsageException($"--hidden: '{entry}'{what} is not a number; give the hidden sizes as whole numbers, e.g. 100,50");
    }

    /// <summary>One value, or the stages' values as "200 / 100 / 50 (pretraining / classifier / fine-tuning)".</summary>
    static string? PerStage<T>(OptimizerSettings[]? stages, Func<OptimizerSettings, T> value)
    {
        if (stages is null) return null;
        var values = stages.Select(s => Convert.ToString(value(s), CultureInfo.InvariantCulture)!).ToList();
        return values.Distinct().Count() == 1 ? values[0] : $"{string.Join(" / ", values)} (pretraining / classifier / fine-tuning)";
    }

    static string? PerLayerOf<T>(IReadOnlyList<LayerSpec> layers, Func<LayerSpec, T> value)
    {
        var values = layers.Select(l => Convert.ToString(value(l), CultureInfo.InvariantCulture)!).ToList();
        return values.Distinct().Count() == 1 ? values[0] : $"{string.Join(" / ", values)} (layer 1 / 2 / …)";
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
