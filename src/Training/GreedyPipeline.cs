using TorchAe.Models;
using TorchAe.Training.Objectives;
using TorchAe.Training.Optimizers;
using static TorchSharp.torch;

namespace TorchAe.Training;

/// <summary>The lecture's training procedure. Autoencoder l is trained on the codes of autoencoder l − 1 (the data for
/// l = 1); a softmax head is trained on the last code; the stack (encoders + head) is evaluated, then fine-tuned end
/// to end and evaluated again. Every stage runs through the one <see cref="TrainingLoop"/>; a checkpoint is written at
/// the end of each stage and every K epochs, and a run resumed from one finishes exactly as an uninterrupted run.</summary>
public sealed class GreedyPipeline
{
    public required PipelineSpec Spec { get; init; }
    public required TrainingData Train { get; init; }
    public TrainingData? Validation { get; init; }
    /// <summary>Held-out labelled data; null for unsupervised runs (pretraining only).</summary>
    public TrainingData? Test { get; init; }
    /// <summary>Number of classes (≥ 2), or 0 for unsupervised runs: then only the autoencoders are trained.</summary>
    public required int Classes { get; init; }
    public required ulong Seed { get; init; }
    public required IMetricsSink Sink { get; init; }
    public CheckpointStore? Checkpoints { get; init; }
    public CancellationToken Cancellation { get; init; }

    ScalarType DType => Train.Inputs.dtype;
    Device Device => Train.Inputs.device;

    public PipelineResult Run((CheckpointState State, Dictionary<string, Tensor> Tensors)? resume = null)
    {
        int layers = Spec.Layers.Count;
        var counting = new CountingSink(Sink, resume?.State.MetricsRows ?? 0);

        // All models are built up front from one init generator, in a fixed order: a resumed run rebuilds them
        // identically and then loads the checkpoint's values over them.
        var init = new Generator(Seed);
        var autoencoders = new List<SparseAutoencoder>();
        int inputSize = (int)Train.Inputs.shape[1];
        foreach (var layer in Spec.Layers)
        {
            autoencoders.Add(new SparseAutoencoder(inputSize, layer.Hidden, layer.Encoder, layer.Decoder, init, DType, Device));
            inputSize = layer.Hidden;
        }
        bool supervised = Classes >= 2 && Train.Targets is not null && Test is not null;
        var head = new SoftmaxClassifier(inputSize, Math.Max(Classes, 2), init, DType, Device);
        StackedAutoencoder? stack = null;

        int startStage = resume?.State.Stage ?? 0;
        double? accuracyBefore = resume?.State.AccuracyBeforeFineTune;
        if (resume is { } r)
        {
            Load(r.Tensors, "ae", autoencoders);
            Load(r.Tensors, "head", [head]);
            // Past fine-tuning the checkpoint's stack holds the final weights; the autoencoders hold pretraining's.
            if (r.Tensors.Keys.Any(k => k.StartsWith("stack.", StringComparison.Ordinal)))
            {
                stack = BuildStack(autoencoders, head);
                Load(r.Tensors, "stack", [stack]);
            }
        }

        // Layers finished before the checkpoint count too: their statistics are recomputed from the restored weights.
        var units = Enumerable.Range(0, Math.Min(startStage, layers)).Select(l =>
        {
            using var scope = NewDisposeScope();
            return UnitStatisticsOf(autoencoders[l], Codes(autoencoders, l).Train.Inputs);
        }).ToList();
        var finalRows = new List<EpochMetrics>();
        int stageCount = layers + (!supervised ? 0 : Spec.FineTune ? 2 : 1);
        for (int stage = startStage; stage < stageCount; stage++)
        {
            var inStage = resume is { } rr && rr.State.Stage == stage && rr.State.Epoch > 0 ? rr : ((CheckpointState, Dictionary<string, Tensor>)?)null;
            if (stage < layers)
            {
                var (train, validation) = Codes(autoencoders, stage);
                var objective = new AutoencoderObjective(autoencoders[stage], Spec.Layers[stage].Loss, stage + 1);
                var last = RunStage(stage, objective, Spec.Pretrain, train, validation, autoencoders, head, stack, accuracyBefore, counting, inStage);
                if (last is not null) finalRows.Add(last);
                var stats = UnitStatisticsOf(autoencoders[stage], train.Inputs);
                units.Add(stats);
                counting.LayerCompleted(stage + 1, stats);
            }
            else if (stage == layers)
            {
                var (train, validation) = Codes(autoencoders, layers);
                var objective = new ClassifierObjective(head, Spec.ClassifierLambda, layers);
                var last = RunStage(stage, objective, Spec.Classifier, train, validation, autoencoders, head, stack, accuracyBefore, counting, inStage);
                if (last is not null) finalRows.Add(last);
                stack = BuildStack(autoencoders, head);
                accuracyBefore = Accuracy(stack, Test!);
            }
            else
            {
                stack ??= BuildStack(autoencoders, head);
                if (inStage is { } s) Load(s.Item2, "stack", [stack]);
                var objective = new FineTuneObjective(stack, Spec.ClassifierLambda, Spec.FineTuneEncoderLambda);
                var last = RunStage(stage, objective, Spec.FineTuning, Train, Validation, autoencoders, head, stack, accuracyBefore, counting, inStage);
                if (last is not null) finalRows.Add(last);
            }
            if (stage + 1 < stageCount || Checkpoints is not null)
                Save(new CheckpointState { Stage = stage + 1, MetricsRows = counting.Rows, AccuracyBeforeFineTune = accuracyBefore }, autoencoders, head, stack, null, null, null);
        }
        if (!supervised)
            return new PipelineResult(autoencoders, null, null, null, null, 0, finalRows, units);
        stack ??= BuildStack(autoencoders, head);
        accuracyBefore ??= Accuracy(BuildStack(autoencoders, head), Test!);
        double? accuracyAfter = Spec.FineTune ? Accuracy(stack, Test!) : null;
        return new PipelineResult(autoencoders, stack, accuracyBefore, accuracyAfter, Confusion(stack, Test!), Test!.Count, finalRows, units);
    }

    EpochMetrics? RunStage(int stage, IStageObjective objective, OptimizerSettings optimizer, TrainingData train, TrainingData? validation,
        List<SparseAutoencoder> autoencoders, SoftmaxClassifier head, StackedAutoencoder? stack, double? accuracyBefore,
        CountingSink sink, (CheckpointState State, Dictionary<string, Tensor> Tensors)? resume)
    {
        var shuffle = new Generator(Seed * 7919 + (ulong)stage + 1);
        ResumePoint? point = null;
        if (resume is { } r)
        {
            shuffle.set_state(r.Tensors["shuffle_state"]);
            var optimizerTensors = r.Tensors.Where(p => p.Key.StartsWith("optimizer.", StringComparison.Ordinal))
                .ToDictionary(p => p.Key["optimizer.".Length..], p => p.Value.to(DType, Device));
            var loop = new LoopState { BestLoss = r.State.LoopBestLoss, BestEpoch = r.State.LoopBestEpoch, Stopped = r.State.LoopStopped, Seconds = r.State.LoopSeconds };
            var best = r.Tensors.Where(p => p.Key.StartsWith("best.", StringComparison.Ordinal)).OrderBy(p => int.Parse(p.Key[5..])).Select(p => p.Value.to(Device)).ToArray();
            if (best.Length > 0) loop.Restore(best);
            point = new ResumePoint(r.State.Epoch, optimizerTensors, r.State.OptimizerScalars, loop);
        }
        var trainingLoop = new TrainingLoop
        {
            Objective = objective,
            Optimizer = optimizer,
            Settings = Spec.Settings,
            Train = train,
            Validation = validation,
            Sink = sink,
            Shuffle = shuffle,
            Cancellation = Cancellation,
            Checkpoint = Checkpoints is null ? null : (epoch, opt, loopState) =>
                Save(new CheckpointState
                {
                    Stage = stage, Epoch = epoch, MetricsRows = sink.Rows, AccuracyBeforeFineTune = accuracyBefore,
                    OptimizerScalars = opt.StateScalars().ToDictionary(), LoopBestLoss = loopState.BestLoss,
                    LoopBestEpoch = loopState.BestEpoch, LoopStopped = loopState.Stopped, LoopSeconds = loopState.Seconds,
                }, autoencoders, head, stack, opt, loopState, shuffle),
        };
        return trainingLoop.Run(point);
    }

    void Save(CheckpointState state, List<SparseAutoencoder> autoencoders, SoftmaxClassifier head, StackedAutoencoder? stack,
        IOptimizer? optimizer, LoopState? loop, Generator? shuffle)
    {
        if (Checkpoints is null) return;
        var tensors = new List<KeyValuePair<string, Tensor>>();
        for (int l = 0; l < autoencoders.Count; l++)
            tensors.AddRange(autoencoders[l].named_parameters().Select(p => KeyValuePair.Create($"ae.{l}.{p.name}", (Tensor)p.parameter)));
        tensors.AddRange(head.named_parameters().Select(p => KeyValuePair.Create($"head.0.{p.name}", (Tensor)p.parameter)));
        if (stack is not null)
            tensors.AddRange(stack.named_parameters().Select(p => KeyValuePair.Create($"stack.0.{p.name}", (Tensor)p.parameter)));
        if (optimizer is not null)
            tensors.AddRange(optimizer.StateTensors().Select(p => KeyValuePair.Create($"optimizer.{p.Key}", p.Value)));
        if (loop?.BestParameters is { } best)
            tensors.AddRange(best.Select((t, i) => KeyValuePair.Create($"best.{i}", t)));
        if (shuffle is not null) tensors.Add(KeyValuePair.Create("shuffle_state", shuffle.get_state()));
        Checkpoints.Save(state, tensors);
        Sink.Notice($"checkpoint: stage {state.Stage}, epoch {state.Epoch}");
    }

    static void Load<T>(Dictionary<string, Tensor> tensors, string prefix, IReadOnlyList<T> modules) where T : nn.Module
    {
        using var _ = no_grad();
        for (int i = 0; i < modules.Count; i++)
            foreach (var (name, p) in modules[i].named_parameters())
            {
                var key = $"{prefix}.{i}.{name}";
                if (!tensors.TryGetValue(key, out var value)) throw new InvalidOperationException($"the checkpoint has no {key}");
                p.copy_(value);
            }
    }

    /// <summary>The inputs of layer <paramref name="layer"/> (0 = the data) for training and validation.</summary>
    (TrainingData Train, TrainingData? Validation) Codes(IReadOnlyList<SparseAutoencoder> autoencoders, int layer)
    {
        Tensor Encode(Tensor x)
        {
            using var _ = no_grad();
            for (int l = 0; l < layer; l++) x = autoencoders[l].Encode(x);
            return x;
        }
        var train = new TrainingData(Encode(Train.Inputs), Train.Targets);
        var validation = Validation is null ? null : new TrainingData(Encode(Validation.Inputs), Validation.Targets);
        return (train, validation);
    }

    static StackedAutoencoder BuildStack(IReadOnlyList<SparseAutoencoder> autoencoders, SoftmaxClassifier head) =>
        new(autoencoders.Select(a => (a.Encoder, a.EncoderActivation)).ToList(), head);

    static IReadOnlyList<UnitStatistics> UnitStatisticsOf(SparseAutoencoder model, Tensor inputs)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var rhoHat = model.EncoderActivation.Activity(model.Encode(inputs)).mean(new long[] { 0 }).to(ScalarType.Float64).cpu().data<double>().ToArray();
        var norms = model.Encoder.weight.square().sum(1).sqrt().to(ScalarType.Float64).cpu().data<double>().ToArray();
        return rhoHat.Select((r, i) => new UnitStatistics(i + 1, r, norms[i])).ToList();
    }

    static double Accuracy(StackedAutoencoder stack, TrainingData test)
    {
        stack.eval();
        try { return GradientAssignment.Accuracy(stack.call, test.Inputs, test.Targets!); }
        finally { stack.train(); }
    }

    int[,] Confusion(StackedAutoencoder stack, TrainingData test)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        stack.eval();
        var predicted = stack.call(test.Inputs).argmax(1).cpu().data<long>().ToArray();
        stack.train();
        var actual = test.Targets!.cpu().data<long>().ToArray();
        var counts = new int[Classes, Classes];
        for (int i = 0; i < actual.Length; i++) counts[actual[i], predicted[i]]++;
        return counts;
    }
}
