using TorchAe.Kernels;
using System.Diagnostics;
using TorchAe.Runtime;
using TorchAe.Training.Objectives;
using TorchAe.Training.Optimizers;
using static TorchSharp.torch;

namespace TorchAe.Training;

/// <summary>The one training loop: every stage (each pretraining layer, the classifier, fine-tuning) runs through
/// <see cref="Run"/>. Per epoch it makes one full-batch step or a shuffled pass of mini-batches, every step in its own
/// dispose scope; it reads values back to the host once per epoch, reports a metrics row, stops on NaN/∞, on the
/// optimiser's own convergence, or early; and offers checkpoints.</summary>
public sealed class TrainingLoop
{
    /// <summary>Called after epochs that end with a checkpoint, with the optimiser and the loop state (its epoch included).</summary>
    internal delegate void CheckpointHandler(IOptimizer optimizer, LoopState state);

    /// <summary>The stage of the plan this loop trains: its name and layer label every row, notice and report.</summary>
    public required Stage Stage { get; init; }
    /// <summary>What the stage minimises, and its parameters.</summary>
    public required IStageObjective Objective { get; init; }
    /// <summary>The optimiser and its budget.</summary>
    public required OptimizerSettings Optimizer { get; init; }
    /// <summary>Gradient source, accuracy cadence, early stopping.</summary>
    public required StageSettings Settings { get; init; }
    /// <summary>The stage's inputs (R, N) and targets.</summary>
    public required TrainingData Train { get; init; }
    /// <summary>Optional validation data (validation loss, accuracy, early stopping).</summary>
    public TrainingData? Validation { get; init; }
    /// <summary>Receives a metrics row per epoch and notices.</summary>
    public required IMetricsSink Sink { get; init; }
    /// <summary>Shuffles mini-batches; its state is part of a checkpoint.</summary>
    public required Generator Shuffle { get; init; }
    /// <summary>Draws the objective's corruption (denoising autoencoders): a fresh X̃ per mini-batch; full-batch
    /// optimisers (L-BFGS, gd) get one draw at the stage's start, so every iteration and line-search trial sees the same
    /// objective. Its state is part of a checkpoint. Unused when the objective does not corrupt.</summary>
    public Generator? Noise { get; init; }
    internal CheckpointHandler? Checkpoint { get; init; }
    /// <summary>Stops the stage after the current epoch (offering a checkpoint first), then throws <see cref="OperationCanceledException"/>.</summary>
    public CancellationToken Cancellation { get; init; }

    /// <summary>Runs the stage from <paramref name="resume"/> (or the start) to its end and reports how it went.</summary>
    public StageReport Run(ResumePoint? resume = null)
    {
        CheckDevices();
        // Both hold tensors (optimiser state, early stopping's best weights) that end with the stage.
        using var optimizer = OptimizerFactory.Create(Objective.Parameters, Optimizer);
        using var state = resume?.Loop ?? new LoopState();
        if (resume is not null)
        {
            var parameter = Objective.Parameters[0];
            optimizer.LoadState(resume.OptimizerTensors.ToDictionary(p => p.Key, p => p.Value.to(parameter.dtype, parameter.device)), resume.OptimizerScalars);
            state.Restore(resume.BestParameters, parameter.device);
        }
        Sink.StageStarted(Stage.Name, Stage.Layer, Optimizer.Epochs);
        var clock = Stopwatch.StartNew();
        var usageBefore = ProcessUsage.Now();
        double secondsBefore = state.Seconds;
        // A full-batch stage's one draw lives as long as the stage (outside every epoch's scope).
        using var fullBatchCorrupted = Optimizer.IsFullBatch && Objective.Corrupts ? Objective.Corrupt(Train.Inputs, NoiseGenerator).DetachFromDisposeScope() : null;
        for (int epoch = state.Epoch + 1; epoch <= Optimizer.Epochs && optimizer.StopReason is null && !state.Stopped; epoch++)
        {
            using var scope = NewDisposeScope();
            long evaluationsBefore = state.Evaluations;
            var summary = new EpochSummary();
            if (Optimizer.IsFullBatch) state.Evaluations += Step(optimizer, Train.Inputs, Train.Targets, fullBatchCorrupted, summary, gradNorm: true);
            else MiniBatchEpoch(optimizer, state, summary);
            var validationAccuracy = Report(epoch, summary, optimizer, secondsBefore + clock.Elapsed.TotalSeconds, (int)(state.Evaluations - evaluationsBefore));
            state.Epoch = epoch;
            state.Seconds = secondsBefore + clock.Elapsed.TotalSeconds;
            EarlyStopping(epoch, state, validationAccuracy);
            bool lastEpoch = epoch == Optimizer.Epochs || optimizer.StopReason is not null || state.Stopped;
            if (Cancellation.IsCancellationRequested)
            {
                Checkpoint?.Invoke(optimizer, state);
                Cancellation.ThrowIfCancellationRequested();
            }
            if (!lastEpoch && Settings.CheckpointEvery > 0 && epoch % Settings.CheckpointEvery == 0)
                Checkpoint?.Invoke(optimizer, state);
            FinalizerGarbage.CollectWhenDue();
        }
        var title = Stage.Label;
        if (optimizer.StopReason == StopReason.Converged && state.Epoch < Optimizer.Epochs)
            Sink.Notice($"{title}: converged at epoch {state.Epoch} of up to {Optimizer.Epochs}");
        if (optimizer.StopReason == StopReason.MaxEvaluations)
            Sink.Notice($"{title}: stopped after {optimizer.Evaluations} evaluations (max_evaluations {Optimizer.MaxEvaluations})");
        // With early stopping on, a stage ends with its best epoch's weights, whether patience, the epoch cap or the
        // optimiser ended it (as the SdA tutorial reports the model of its best validation error).
        int keptEpoch = state.Epoch;
        if (state.BestParameters is { } best && state.BestEpoch < state.Epoch)
        {
            keptEpoch = state.BestEpoch;
            using var _ = no_grad();
            for (int i = 0; i < best.Length; i++) Objective.Parameters[i].copy_(best[i]);
            var why = state.Stopped ? "early stop" : $"ended at epoch {state.Epoch}";
            Sink.Notice($"{title}: {why}, weights of epoch {state.BestEpoch} restored (validation {CriterionText(state.BestLoss)})");
        }
        var reason = state.Stopped ? StopReason.EarlyStopping : optimizer.StopReason ?? StopReason.Epochs;
        var usage = ProcessUsage.Now() - usageBefore;
        return new StageReport(Stage.Name, Stage.Layer, state.Epoch, state.Evaluations, state.Seconds, reason, ProcessMemory.PeakResidentBytes(),
            usage.MinorPageFaults, usage.SystemSeconds, usage.UserSeconds, keptEpoch);
    }

    /// <summary>Parameters, data and targets all on the device of the training inputs, checked once per stage: a tensor
    /// left behind is named here rather than in libtorch's anonymous mixed-device error halfway through a step.</summary>
    void CheckDevices()
    {
        var tensors = Objective.Parameters.Select((p, i) => ($"{Stage.Name} parameter {i}", (Tensor)p))
            .Append(("tensor 'train.inputs'", Train.Inputs));
        if (Train.Targets is { } t) tensors = tensors.Append(("tensor 'train.targets'", t));
        if (Validation is { } v)
        {
            tensors = tensors.Append(("tensor 'validation.inputs'", v.Inputs));
            if (v.Targets is { } vt) tensors = tensors.Append(("tensor 'validation.targets'", vt));
        }
        DeviceGuard.Check(tensors, Train.Inputs.device);
    }

    /// <summary>The terms of the evaluation the optimiser reported, summed over the epoch's batches (weighted by size).</summary>
    sealed class EpochSummary
    {
        public Tensor? Loss, RhoHat, GradNormSquared;
        public readonly List<(string Name, Tensor Sum)> Terms = [];
        public long Samples;

        public void Add(StageTerms terms, Tensor? gradNormSquared, long samples)
        {
            if (gradNormSquared is not null) GradNormSquared = gradNormSquared.clone();
            Loss = Accumulate(Loss, terms.Loss, samples);
            // Every batch of a stage has the same terms, in the same order.
            var batchTerms = terms.Terms ?? [];
            for (int i = 0; i < batchTerms.Count; i++)
            {
                var (name, value) = batchTerms[i];
                if (i == Terms.Count) Terms.Add((name, Accumulate(null, value, samples)!));
                else if (Terms[i].Name == name) Accumulate(Terms[i].Sum, value, samples);
                else throw new InvalidOperationException($"term {i + 1} of a batch is {name}, of the epoch {Terms[i].Name}");
            }
            RhoHat = Accumulate(RhoHat, terms.RhoHat, samples);
            Samples += samples;
        }

        /// <summary>Every sum the summary holds (they leave each batch's scope).</summary>
        public IEnumerable<Tensor> Tensors => new[] { Loss, RhoHat, GradNormSquared }.Concat(Terms.Select(t => t.Sum)).OfType<Tensor>();

        // The first batch's weighted value is a fresh tensor; later batches add into it in place (one op, no new tensor).
        static Tensor? Accumulate(Tensor? sum, Tensor? value, long weight) =>
            value is null ? sum : sum is null ? value.Times(weight) : sum.AddInPlace(value, weight);
    }

    Generator NoiseGenerator => Noise ?? throw new InvalidOperationException($"{Stage.Label}: the objective corrupts its inputs but the loop has no noise generator");

    void MiniBatchEpoch(IOptimizer optimizer, LoopState state, EpochSummary summary)
    {
        // A CPU generator draws a CPU permutation (on any device), which then moves to the data's device.
        var order = randperm(Train.Count, generator: Shuffle).to(Train.Inputs.device);
        for (long start = 0; start < Train.Count; start += Optimizer.BatchSize)
        {
            using var scope = NewDisposeScope();
            var index = order.narrow(0, start, Math.Min(Optimizer.BatchSize, Train.Count - start));
            // ‖∇J‖ is reported for the epoch's last step only, so only that step computes it.
            var inputs = Train.Inputs.index_select(0, index);
            // Drawn after the permutation, from a generator of its own: runs without corruption keep their shuffles.
            var corrupted = Objective.Corrupts ? Objective.Corrupt(inputs, NoiseGenerator) : null;
            state.Evaluations += Step(optimizer, inputs, Train.Targets?.index_select(0, index), corrupted, summary, gradNorm: start + Optimizer.BatchSize >= Train.Count);
            scope.MoveToOuter(summary.Tensors);
        }
    }

    /// <summary>One optimiser step; returns the objective evaluations the optimiser made.</summary>
    int Step(IOptimizer optimizer, Tensor inputs, Tensor? targets, Tensor? corrupted, EpochSummary summary, bool gradNorm)
    {
        var evaluations = new List<(StageTerms Terms, Tensor? GradNormSquared)>();
        Tensor Closure()
        {
            using var scope = NewDisposeScope();
            var terms = Objective.Evaluate(inputs, targets, Settings.Gradients, corrupted);
            // ‖∂J/∂θ_i‖² of each parameter tensor i; ‖∇J‖² is their sum (and gradients.csv groups them by layer).
            var gradNormSquared = gradNorm ? stack(Objective.Parameters.Select(p => p.grad!.Squared().sum())) : null;
            // Kept out of every scope (an optimiser may open its own): disposed below once the chosen one is summed.
            foreach (var t in Tensors(terms, gradNormSquared)) t.DetachFromDisposeScope();
            evaluations.Add((terms, gradNormSquared));
            return terms.Loss;
        }
        try
        {
            var outcome = optimizer.Step(Closure);
            int made = evaluations.Count;
            if (outcome.Evaluation < 0) Closure();   // converged without moving: describe the point it stands on
            var (chosen, norm) = evaluations[outcome.Evaluation < 0 ? ^1 : outcome.Evaluation];
            summary.Add(chosen, norm, inputs.shape[0]);
            return made;
        }
        finally
        {
            foreach (var (terms, norm) in evaluations)
                foreach (var t in Tensors(terms, norm)) t.Dispose();
        }
    }

    static IEnumerable<Tensor> Tensors(StageTerms terms, Tensor? gradNormSquared) =>
        terms.Tensors.Concat(gradNormSquared is null ? [] : [gradNormSquared]);

    /// <summary>Reports the epoch's metrics row; returns its validation accuracy (null on epochs that do not measure it).</summary>
    double? Report(int epoch, EpochSummary s, IOptimizer optimizer, double seconds, int evaluations)
    {
        double n = s.Samples;
        double loss = s.Loss!.ToDouble() / n;
        var squares = s.GradNormSquared!.to(ScalarType.Float64).cpu().data<double>().ToArray();
        double gradNorm = Math.Sqrt(squares.Sum());
        if (!double.IsFinite(loss) || !double.IsFinite(gradNorm))
            throw new TrainingDivergedException(Stage.Name, Stage.Layer, epoch, double.IsFinite(loss) ? gradNorm : loss);
        if (gradNorm > Settings.ExplodingGradientNorm)
            Sink.Notice($"{Stage.Label} epoch {epoch}: exploding gradient, ‖∇J‖ = {gradNorm:G3}");
        var rhoHat = s.RhoHat is null ? null : s.RhoHat.Over(n).to(ScalarType.Float64).cpu().data<double>().ToArray();
        bool evaluate = epoch == Optimizer.Epochs || optimizer.StopReason is not null
            || (Settings.EvaluateEvery > 0 && epoch % Settings.EvaluateEvery == 0);
        var row = new EpochMetrics
        {
            Stage = Stage.Name,
            Layer = Stage.Layer,
            Epoch = epoch,
            Loss = loss,
            Terms = new TermValues(s.Terms.Select(t => (t.Name, t.Sum.ToDouble() / n))),
            RhoHatMean = rhoHat?.Average(),
            RhoHatMin = rhoHat?.Min(),
            RhoHatMax = rhoHat?.Max(),
            TrainAccuracy = evaluate && Objective.Classifier is { } classifier ? Evaluation.Accuracy(classifier, Train) : null,
            ValidationAccuracy = evaluate && Validation is not null && Objective.Classifier is { } c ? Evaluation.Accuracy(c, Validation) : null,
            LearningRate = optimizer.LearningRate,
            GradNorm = gradNorm,
            Seconds = seconds,
            Evaluations = evaluations,
        };
        Sink.Epoch(row);
        if (Objective.ParameterLayers is { } layers) Sink.GradientNorms(LayerGradients(epoch, layers, squares));
        return row.ValidationAccuracy;
    }

    /// <summary>Per layer: ‖∂J/∂W_l‖ = √(Σ over its weight tensors of ‖·‖²), likewise for its biases.</summary>
    List<LayerGradientNorm> LayerGradients(int epoch, IReadOnlyList<(int Layer, bool Bias)> layers, double[] squares) =>
        layers.Select((p, i) => (p.Layer, p.Bias, Square: squares[i])).GroupBy(p => p.Layer).OrderBy(g => g.Key)
            .Select(g => new LayerGradientNorm(Stage.Name, g.Key, epoch,
                Math.Sqrt(g.Where(p => !p.Bias).Sum(p => p.Square)), Math.Sqrt(g.Where(p => p.Bias).Sum(p => p.Square))))
            .ToList();

    /// <summary>Early stopping after <paramref name="epoch"/>: a strictly better validation criterion keeps the weights
    /// and resets the patience; <see cref="StageSettings.EarlyStoppingPatience"/> epochs without one stop the stage.</summary>
    void EarlyStopping(int epoch, LoopState state, double? validationAccuracy)
    {
        if (Settings.EarlyStoppingPatience is not { } patience || Validation is null) return;
        double criterion = WatchesError && Objective.Classifier is { } classifier
            ? 1 - (validationAccuracy ?? Evaluation.Accuracy(classifier, Validation))   // error = 1 − accuracy (the row's, when it measured one)
            : Objective.Loss(Validation.Inputs, Validation.Targets);
        if (criterion < state.BestLoss)
        {
            state.BestLoss = criterion;
            state.BestEpoch = epoch;
            state.KeepBest(Objective.Parameters);
        }
        else if (epoch - state.BestEpoch >= patience)
            state.Stopped = true;
    }

    /// <summary>Whether early stopping watches this stage's validation error (it classifies, and the settings ask for it).</summary>
    bool WatchesError => Settings.EarlyStoppingMetric == EarlyStoppingMetric.Error && Objective.Classifier is not null;

    string CriterionText(double value) => WatchesError
        ? $"error {value * 100:0.00} %"
        : $"loss {value:G6}";
}
