using static TorchSharp.torch;

namespace TorchAe.Training;

/// <summary>The lecture's training procedure as a plan of stages (<see cref="Stage.Plan"/>): autoencoder l is trained on
/// the codes of autoencoder l − 1 (the data for l = 1); the softmax head on the last code; then the stack (the same
/// encoder and head modules) end to end. Every stage runs through the one <see cref="TrainingLoop"/>. A checkpoint is
/// written at the end of each stage and every K epochs; a run resumed from one finishes exactly as an uninterrupted run.</summary>
public sealed class GreedyPipeline
{
    /// <summary>The layers, optimisers and stage settings.</summary>
    public required PipelineSpec Spec { get; init; }
    /// <summary>The training set X (R, N) with labels (R) for supervised runs, on the device and in the dtype to train in.</summary>
    public required TrainingData Train { get; init; }
    /// <summary>Optional validation data: validation accuracy and early stopping.</summary>
    public TrainingData? Validation { get; init; }
    /// <summary>Held-out labelled data; null for unsupervised runs (pretraining only).</summary>
    public TrainingData? Test { get; init; }
    /// <summary>Number of classes (≥ 2), or 0 for unsupervised runs: then only the autoencoders are trained.</summary>
    public required int Classes { get; init; }
    /// <summary>Seeds the initial weights and the mini-batch shuffling (explicit generators; the process-wide torch seed is untouched).</summary>
    public required ulong Seed { get; init; }
    /// <summary>Receives every stage start, epoch row, finished layer, notice and checkpoint.</summary>
    public required IMetricsSink Sink { get; init; }
    /// <summary>Where checkpoints go; null = none (the run cannot be resumed).</summary>
    public CheckpointStore? Checkpoints { get; init; }
    /// <summary>Stops the run after the current epoch, writing a checkpoint first when <see cref="Checkpoints"/> is set, then throws <see cref="OperationCanceledException"/>.</summary>
    public CancellationToken Cancellation { get; init; }

    bool Supervised => Classes >= 2 && Train.Targets is not null && Test is not null;

    /// <summary>Runs the plan from <paramref name="resume"/> (or the start) to its end.</summary>
    public PipelineResult Run(Checkpoint? resume = null)
    {
        var plan = Stage.Plan(Spec, Supervised);
        // All models are built from one init generator in a fixed order; a resumed run then loads the checkpoint over them.
        var models = new RunModels((int)Train.Inputs.shape[1], Spec.Layers, Math.Max(Classes, 2), new Generator(Seed), Train.Inputs.dtype, Train.Inputs.device);
        if (resume is not null) models.load_state_dict(resume.Models.ToDictionary(), strict: true);
        var run = new RunProgress(models, new CountingSink(Sink, resume?.State.MetricsRows ?? 0), [.. resume?.State.Stages ?? []]);
        int completed = resume?.State.CompletedStages ?? 0;
        // Layers finished before the checkpoint count too: their statistics are recomputed from the kept weights.
        var units = plan.Take(completed).Select(s => s.Units(models, Train)).OfType<IReadOnlyList<UnitStatistics>>().ToList();
        var inStage = resume?.InStage;
        foreach (var (index, stage) in plan.Index().Skip(completed))
        {
            run.Reports.Add(TrainStage(stage, index, inStage, run));
            inStage = null;
            stage.HandOn(models);
            if (stage.Units(models, Train) is { } trained)
            {
                units.Add(trained);
                run.Sink.LayerCompleted(stage.Layer, trained);
            }
            Save(index + 1, run, null);
        }
        return Result(models, units, run.Reports);
    }

    /// <summary>What one run carries from stage to stage: its models, the counting sink, the reports of finished stages.</summary>
    sealed record RunProgress(RunModels Models, CountingSink Sink, List<StageReport> Reports);

    StageReport TrainStage(Stage stage, int index, ResumePoint? inStage, RunProgress run)
    {
        var shuffle = new Generator(Seed * 7919 + (ulong)index + 1);
        if (inStage is not null) shuffle.set_state(inStage.ShuffleState);
        // The corruption's draws (denoising stages) come from a generator of the stage's own, seeded like the shuffle.
        // A full-batch stage draws once at its start, so a resumed one starts from the seed again and draws the same X̃.
        var noise = new Generator(Seed * 7919 + (ulong)index + 1 + NoiseSeedOffset);
        var optimizerSettings = stage.Optimizer(Spec);
        var objective = stage.Objective(Spec, run.Models);
        if (inStage?.NoiseState is { } noiseState && !optimizerSettings.IsFullBatch) noise.set_state(noiseState);
        var loop = new TrainingLoop
        {
            Stage = stage,
            Objective = objective,
            Optimizer = optimizerSettings,
            Settings = Spec.Settings,
            Train = stage.Inputs(run.Models, Train)!,
            Validation = stage.Inputs(run.Models, Validation),
            Sink = run.Sink,
            Shuffle = shuffle,
            Noise = noise,
            Cancellation = Cancellation,
            Checkpoint = (optimizer, state) => Save(index, run, new ResumePoint(state, state.BestParameters ?? [],
                optimizer.StateTensors(), optimizer.StateScalars(), shuffle.get_state()) { NoiseState = objective.Corrupts ? noise.get_state() : null }),
        };
        return loop.Run(inStage);
    }

    /// <summary>Keeps the corruption generator's seeds apart from the shuffle generators' (Seed·7919 + stage + 1).</summary>
    const ulong NoiseSeedOffset = 0x9E3779B97F4A7C15;

    void Save(int completedStages, RunProgress run, ResumePoint? inStage)
    {
        if (Checkpoints is null) return;
        var state = new CheckpointState { CompletedStages = completedStages, MetricsRows = run.Sink.Rows, Stages = [.. run.Reports] };
        run.Sink.CheckpointPending();   // the rows it counts reach the disk before the checkpoint does
        Checkpoints.Save(state, run.Models.state_dict().Select(p => (p.Key, p.Value)), inStage);
        Sink.CheckpointWritten(completedStages, inStage?.Loop.Epoch ?? 0);
    }

    PipelineResult Result(RunModels models, IReadOnlyList<IReadOnlyList<UnitStatistics>> units, IReadOnlyList<StageReport> stages)
    {
        // A random-init run has no pretrained autoencoders: no layer pictures or reconstructions, no accuracy before fine-tuning.
        bool pretrained = Spec.Init == Initialization.Pretrained;
        var autoencoders = pretrained ? models.Pretrained : [];
        var testRmse = Enumerable.Range(1, Spec.Layers.Count).Select(l => pretrained ? TestRmse(models, l) : null).ToList();
        if (!Supervised) return new PipelineResult(autoencoders, null, null, null, null, 0, stages, units) { LayerTestRmse = testRmse };
        var stack = models.Stack();
        double? before = pretrained ? Evaluation.Accuracy(models.StackBeforeFineTune(), Test!) : null;
        double? after = Spec.FineTune ? Evaluation.Accuracy(stack, Test!) : null;
        double? validation = Spec.FineTune && Validation is { Targets: not null } v ? Evaluation.Accuracy(stack, v) : null;
        return new PipelineResult(autoencoders, stack, before, after, Evaluation.Confusion(stack, Test!, Classes), Test!.Count, stages, units)
        {
            LayerTestRmse = testRmse,
            ValidationAccuracy = validation,
        };
    }

    /// <summary>Autoencoder <paramref name="layer"/> as pretraining left it, on the test set's codes of the layers below:
    /// <see cref="Evaluation.Rmse"/>; null without a test set.</summary>
    double? TestRmse(RunModels models, int layer)
    {
        if (Test is null) return null;
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var x = models.Codes(Test, layer - 1)!.Inputs;
        var (_, z) = models.Pretrained[layer - 1].call(x);
        return Evaluation.Rmse(Evaluation.SquaredErrors(x, z), x.shape[1]);
    }
}
