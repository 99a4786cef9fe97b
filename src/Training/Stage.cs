namespace TorchAe.Training;

/// <summary>One step of the plan: pretraining autoencoder <see cref="Layer"/> (1-based), the classifier on the code of
/// layer <see cref="Layer"/> = L, or fine-tuning the L-layer stack. <see cref="Name"/> is the <c>stage</c> column.</summary>
public sealed record Stage(StageKind Kind, int Layer)
{
    /// <summary><c>pretrain</c>, <c>classifier</c> or <c>finetune</c>.</summary>
    public string Name => Kind switch
    {
        StageKind.Pretrain => "pretrain",
        StageKind.Classifier => "classifier",
        _ => "finetune",
    };

    /// <summary>The stage as a person reads it: <c>pretrain layer 2</c>, <c>classifier</c>, <c>finetune</c> (the
    /// classifier and fine-tuning have no layer of their own).</summary>
    public string Title => Describe(Name, Layer);

    /// <summary><see cref="Title"/> of the stage named <paramref name="stage"/> (the <c>stage</c> column) at <paramref name="layer"/>.</summary>
    public static string Describe(string stage, int layer) => stage == "pretrain" ? $"pretrain layer {layer}" : stage;

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
            return [new Stage(StageKind.FineTune, layers)];
        }
        var plan = Enumerable.Range(1, layers).Select(l => new Stage(StageKind.Pretrain, l)).ToList();
        if (!supervised) return plan;
        plan.Add(new Stage(StageKind.Classifier, layers));
        if (spec.FineTune) plan.Add(new Stage(StageKind.FineTune, layers));
        return plan;
    }
}
