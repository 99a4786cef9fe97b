using TorchAe.Cli;
using TorchAe.Losses;
using TorchAe.Options;
using TorchAe.Training;
using TorchAe.Training.Experiment;
using TorchAe.Training.Optimizers;

namespace TorchAe.Runs;

/// <summary>What every training command shares: the common options, their application to the experiment record,
/// <c>--print-config</c>, and the run itself.</summary>
public abstract class TrainingCommand : ICommand
{
    public abstract string Name { get; }
    public abstract string Summary { get; }
    protected abstract IReadOnlyList<OptionSpec> OwnOptions { get; }

    /// <summary>The experiment before the common options are applied: the command's own options given in
    /// <paramref name="args"/> applied to <paramref name="resumed"/> (the config.json of the run that --resume continues)
    /// or, for a new run, to the preset (or the config file). Options not given leave the basis as it is.</summary>
    protected abstract ExperimentConfig Build(ParsedArgs args, ExperimentConfig? resumed);

    public IReadOnlyList<OptionSpec> Options => [.. OwnOptions, .. Common];

    static readonly OptionSpec[] Common =
    [
        new("--out", "run folder", Display: "runs/<command>-<yyyyMMdd-HHmmss>"),
        new("--seed", "seed of initialisation, shuffling, splits and generated data", Display: "the preset's (1)"),
        new("--device", "cpu, cuda or auto (CUDA when available)", Display: "cpu"),
        new("--dtype", "float32 or float64", Display: "float32"),
        new("--threads", "libtorch threads; 0 = the default (OMP_NUM_THREADS, which torchae sets to 1 on machines with at most 2 cores)", Display: "0"),
        new("--init", "pretrained (greedy layer-wise pretraining, then fine-tuning) or random (the same stack fine-tuned from its initial weights: one stage with the fine-tuning budget)", Display: "pretrained"),
        new("--optimizer", "gd, sgd, adam or lbfgs, for every stage", Display: "the preset's"),
        new("--epochs", "epochs (L-BFGS iterations) of every stage", Display: "the preset's"),
        new("--learning-rate", "η of every stage (L-BFGS: first trial step)", Display: "the preset's"),
        new("--batch-size", "mini-batch size of every stage; 0 = full batch", Display: "the preset's"),
        new("--history", "L-BFGS: correction pairs kept (the memory m) in every stage", Display: "the preset's"),
        new("--max-evaluations", "stop a stage after this many evaluations of its objective (stop reason max_evaluations)", Display: "no cap"),
        new("--gradients", "autograd or hand (the hand-derived backprop)", Display: "autograd"),
        new("--validation-fraction", "share of the training set held out for validation accuracy", Display: "the preset's"),
        new("--early-stopping", "stop a stage after this many epochs without a better validation loss", Display: "off"),
        new("--checkpoint-every", "also checkpoint every K epochs (stages always end with one)", Display: "0"),
        new("--resume", "continue the run in DIR from its last checkpoint; its config.json is the configuration (options given beside it must agree)"),
        OptionSpec.Flag("--force", "replace a run already in --out"),
        OptionSpec.Flag("--quiet", "print only the final summary"),
        OptionSpec.Flag("--print-config", "print the experiment as JSON (for torchae train --config) and stop"),
    ];

    public int Run(ParsedArgs args, TextWriter output)
    {
        if (args.Has("--out") && args.Has("--resume"))
            throw new UsageException("--out and --resume exclude each other (--resume DIR continues the run in DIR)");
        ExperimentConfig config;
        var resumed = args.Has("--resume") ? RunDirectory.SavedConfig(args.Require("--resume")) : null;
        try { config = ApplyCommon(Build(args, resumed), args); }
        catch (OptionException e) { throw new UsageException(AsOption(e)); }
        if (args.Flag("--print-config"))
        {
            output.WriteLine(ExperimentJson.Serialize(config with { CommandLine = null }));
            return ExitCodes.Success;
        }
        var commandLine = "torchae " + string.Join(' ', new[] { Name }.Concat(args.Raw).Select(Quote));
        var resumeLine = "torchae " + string.Join(' ', new[] { Name }.Concat(WithoutRunFolder(args.Raw)).Select(Quote));
        var request = new RunRequest(args.String("--out"), args.String("--resume"), args.Flag("--force"), args.Flag("--quiet"), commandLine, resumeLine);
        return new ExperimentRunner(output).Run(config, request);
    }

    static ExperimentConfig ApplyCommon(ExperimentConfig c, ParsedArgs args)
    {
        if (args.Has("--seed")) c = c with { Seed = (ulong)args.Int("--seed", min: 0)!.Value };
        if (args.Has("--device")) c = c with { Device = args.Require("--device").ToLowerInvariant() };
        if (args.Has("--dtype")) c = c with { Dtype = args.Require("--dtype").ToLowerInvariant() };
        if (args.Has("--threads")) c = c with { Threads = args.Int("--threads", min: 0)!.Value };
        if (c.Device is not ("cpu" or "cuda" or "auto")) throw new UsageException($"--device must be one of cpu, cuda, auto, got '{c.Device}'");
        if (c.Dtype is not ("float32" or "float64")) throw new UsageException($"--dtype must be one of float32, float64, got '{c.Dtype}'");

        var p = c.Pipeline;
        if (args.Has("--init")) p = p with { Init = ParseInit(args.Require("--init")) };
        if (p.Init == Initialization.Random && !p.FineTune)
            throw new UsageException("--init random trains by fine-tuning alone; it excludes --no-finetune");
        OptimizerSettings Stage(OptimizerSettings o)
        {
            if (args.Has("--optimizer")) o = o with { Kind = OptimizerSettings.ParseKind(args.Require("--optimizer"), "--optimizer") };
            if (args.Has("--epochs")) o = o with { Epochs = args.Int("--epochs", min: 1)!.Value };
            if (args.Has("--learning-rate")) o = o with { LearningRate = args.Double("--learning-rate")!.Value };
            if (args.Has("--batch-size")) o = o with { BatchSize = args.Int("--batch-size", min: 0)!.Value };
            if (args.Has("--history")) o = o with { History = args.Int("--history", min: 1)!.Value };
            if (args.Has("--max-evaluations")) o = o with { MaxEvaluations = args.Int("--max-evaluations", min: 1)!.Value };
            if (args.Has("--optimizer") && !args.Has("--learning-rate")) o = o with { LearningRate = DefaultRate(o.Kind) };
            if (args.Has("--optimizer") && !args.Has("--batch-size")) o = o with { BatchSize = o.Kind is OptimizerKind.Sgd or OptimizerKind.Adam ? 64 : 0 };
            return o.Validated("--");
        }
        var settings = p.Settings;
        if (args.Has("--gradients"))
            settings = settings with { Gradients = args.Require("--gradients").ToLowerInvariant() switch
            {
                "autograd" => GradientSource.Autograd,
                "hand" => GradientSource.Hand,
                var g => throw new UsageException($"--gradients must be one of autograd, hand, got '{g}'"),
            } };
        if (args.Has("--early-stopping")) settings = settings with { EarlyStoppingPatience = args.Int("--early-stopping", min: 1) };
        if (args.Has("--checkpoint-every")) settings = settings with { CheckpointEvery = args.Int("--checkpoint-every", min: 0)!.Value };
        c = c with { Pipeline = p with { Pretrain = Stage(p.Pretrain), Classifier = Stage(p.Classifier), FineTuning = Stage(p.FineTuning), Settings = settings } };
        if (args.Has("--validation-fraction")) c = c with { Data = c.Data with { ValidationFraction = args.Double("--validation-fraction")!.Value } };
        if (c.Pipeline.Settings.EarlyStoppingPatience is not null && c.Data.ValidationFraction == 0)
            throw new UsageException("--early-stopping needs a validation set: give --validation-fraction (e.g. 0.1)");
        return c;
    }

    internal static Initialization ParseInit(string value) => value.ToLowerInvariant() switch
    {
        "pretrained" => Initialization.Pretrained,
        "random" => Initialization.Random,
        _ => throw new UsageException($"--init must be one of pretrained, random, got '{value}'"),
    };

    /// <summary>A learning rate that works for each optimiser on these objectives.</summary>
    static double DefaultRate(OptimizerKind kind) => kind switch
    {
        OptimizerKind.Adam => 1e-3,
        OptimizerKind.Sgd => 0.1,
        _ => 1,
    };

    /// <summary>Shared options of layer-wise hyperparameters: --hidden 100,50 --rho --beta --alpha --objective.</summary>
    protected static PipelineSpec ApplyLayers(PipelineSpec p, ParsedArgs args)
    {
        var layers = p.Layers.ToList();
        if (args.Has("--hidden"))
        {
            var sizes = args.All("--hidden").Select(h => int.TryParse(h, out var v) && v > 0 ? v : throw new UsageException($"--hidden must be a comma-separated list of sizes > 0, got '{args.String("--hidden")}'")).ToList();
            layers = sizes.Select((h, i) => (i < layers.Count ? layers[i] : layers[^1]) with { Hidden = h }).ToList();
        }
        layers = layers.Select(l => l with
        {
            Loss = l.Loss with
            {
                TargetActivation = args.Double("--rho") ?? l.Loss.TargetActivation,
                SparsityWeight = args.Double("--beta") ?? l.Loss.SparsityWeight,
                WeightDecay = args.Double("--alpha") ?? l.Loss.WeightDecay,
                Objective = args.Has("--objective") ? ObjectiveExtensions.Parse(args.Require("--objective"), "--objective") : l.Loss.Objective,
            },
        }).ToList();
        return p with { Layers = layers, FineTune = p.FineTune && !args.Flag("--no-finetune") };
    }

    protected static readonly OptionSpec[] LayerOptions =
    [
        new("--hidden", "hidden sizes of the cascade, e.g. 100,50", Display: "the preset's"),
        new("--rho", "ρ, target average activation of every layer", Display: "the preset's"),
        new("--beta", "β, weight of the sparsity penalty", Display: "the preset's"),
        new("--alpha", "α, weight decay of the autoencoders", Display: "the preset's"),
        new("--objective", "mean, sum or msesparse (docs/math.md)", Display: "mean"),
        OptionSpec.Flag("--no-finetune", "skip end-to-end fine-tuning"),
    ];

    /// <summary>A field error of the experiment record in the words of the command line: <c>rho must be …</c> becomes
    /// <c>--rho must be …</c>, <c>--batch_size</c> becomes <c>--batch-size</c>.</summary>
    static string AsOption(OptionException e)
    {
        var option = "--" + e.Field.TrimStart('-').Replace('_', '-');
        return e.Message.StartsWith(e.Field, StringComparison.Ordinal) ? option + e.Message[e.Field.Length..] : e.Message;
    }

    /// <summary>The arguments without the run folder's options (--out DIR, --resume DIR, --force).</summary>
    static IEnumerable<string> WithoutRunFolder(IReadOnlyList<string> raw)
    {
        for (int i = 0; i < raw.Count; i++)
        {
            if (raw[i] is "--out" or "--resume") { i++; continue; }
            if (raw[i] == "--force" || raw[i].StartsWith("--out=", StringComparison.Ordinal) || raw[i].StartsWith("--resume=", StringComparison.Ordinal)) continue;
            yield return raw[i];
        }
    }

    internal static string Quote(string a) => a.Length > 0 && a.All(ch => char.IsLetterOrDigit(ch) || "-_./=,:".Contains(ch)) ? a : $"'{a.Replace("'", "'\\''")}'";
}
