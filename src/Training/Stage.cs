using TorchAe.Training.Objectives;
using TorchAe.Training.Optimizers;

namespace TorchAe.Training;

/// <summary>One step of the plan (the lecture's "HOW to TRAIN?"). A stage owns its whole definition: its name (the
/// <c>stage</c> column of metrics.csv) and label, its optimiser settings, the data it reads, its objective, and what it
/// hands on to the next stage. <see cref="GreedyPipeline"/> runs <see cref="Plan"/> with one <c>foreach</c> and asks each
/// stage; a new kind of stage is one new subtype (and its place in <see cref="Plan"/> and <see cref="Kinds"/>).</summary>
/// <param name="Layer">1-based: the autoencoder a pretraining stage trains, the number of encoder layers for the others
/// (the <c>layer</c> column).</param>
public abstract record Stage(int Layer)
{
    /// <summary>The <c>stage</c> column of metrics.csv, gradients.csv and summary.json's <c>stages</c>.</summary>
    public abstract string Name { get; }

    /// <summary>How a person reads the stage in legends, tables and progress lines (<c>pretrain layer 2</c>, <c>finetune</c>).</summary>
    public virtual string Label => Name;

    /// <summary>The stage's optimiser and budget, as <paramref name="spec"/> sets them.</summary>
    public abstract OptimizerSettings Optimizer(PipelineSpec spec);

    /// <summary>What the stage minimises over which parameters of <paramref name="models"/>.</summary>
    internal abstract IStageObjective Objective(PipelineSpec spec, RunModels models);

    /// <summary>What the stage reads of <paramref name="data"/> (the data itself, or its codes under the layers below).</summary>
    internal abstract TrainingData? Inputs(RunModels models, TrainingData? data);

    /// <summary>Hands the trained stage on to the next: keeps what later stages and the report need. Nothing by default.</summary>
    internal virtual void HandOn(RunModels models) { }

    /// <summary>The hidden units' statistics on <paramref name="train"/> once the stage is done; null for stages that train no autoencoder.</summary>
    internal virtual IReadOnlyList<UnitStatistics>? Units(RunModels models, TrainingData train) => null;

    /// <summary>Every kind of stage, as layer → stage; <see cref="Describe"/> reads the stage column through them.</summary>
    static readonly Func<int, Stage>[] Kinds = [l => new PretrainStage(l), l => new ClassifierStage(l), l => new FineTuneStage(l)];

    /// <summary>The <see cref="Label"/> of the stage that a recorded row names (<paramref name="name"/> from a
    /// <c>stage</c> column, its <paramref name="layer"/>); an unknown name is shown as it is.</summary>
    public static string Describe(string name, int layer) =>
        Kinds.Select(kind => kind(layer)).FirstOrDefault(s => s.Name == name)?.Label ?? name;

    /// <summary>The lecture's procedure for <paramref name="spec"/>: pretrain layers 1..L, then (supervised runs) the
    /// classifier, then (unless switched off) fine-tuning. A random-init run is fine-tuning alone, which needs classes
    /// and fine-tuning: otherwise <see cref="Options.OptionException"/> (field <c>init</c>).</summary>
    public static IReadOnlyList<Stage> Plan(PipelineSpec spec, bool supervised)
    {
        int layers = spec.Layers.Count;
        if (spec.Init == Initialization.Random)
        {
            if (!supervised) throw new Options.OptionException("init", "random", "pretrained for data without classes (random initialisation trains the stack end to end on class labels)");
            if (!spec.FineTune) throw new Options.OptionException("init", "random", "pretrained when fine-tuning is off (a random-init run is one fine-tuning stage)");
            return [new FineTuneStage(layers)];
        }
        var plan = Enumerable.Range(1, layers).Select(l => (Stage)new PretrainStage(l)).ToList();
        if (!supervised) return plan;
        plan.Add(new ClassifierStage(layers));
        if (spec.FineTune) plan.Add(new FineTuneStage(layers));
        return plan;
    }
}
