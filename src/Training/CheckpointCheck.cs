using TorchAe.IO;
using TorchAe.Training.Optimizers;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TorchAe.Training;

/// <summary>Checks a whole checkpoint against the run it is to continue before anything is loaded or written: state.json's
/// numbers (stages within the plan and matching it, epochs within each stage's budget, metrics_rows equal to the epochs
/// they count), every tensor of the run's models with its shape and dtype (and none more), and inside a stage the
/// optimiser's complete state, early stopping's best weights and the shuffling generator. A problem throws
/// <see cref="DataFormatException"/> naming state.json or the tensor file, the field and what the run needs.</summary>
internal static class CheckpointCheck
{
    public static void Validate(Checkpoint checkpoint, PipelineSpec spec, int inputSize, int classes, ScalarType dtype, string statePath, string tensorPath)
    {
        var state = checkpoint.State;
        var plan = Stage.Plan(spec, classes >= 2);
        void Refuse(string problem) => throw new DataFormatException(statePath, problem);
        string Named(int i) => $"{plan[i].Name} layer {plan[i].Layer}";

        if (state.CompletedStages < 0 || state.CompletedStages > plan.Count)
            Refuse($"completed_stages is {state.CompletedStages}; this run's plan has {plan.Count} stages ({string.Join(", ", plan.Select((_, i) => Named(i)))})");
        if (state.Loop is not null && state.CompletedStages == plan.Count)
            Refuse($"loop is set, but all {plan.Count} stages of the plan are complete: there is no stage to continue");
        if (state.Stages.Count != state.CompletedStages)
            Refuse($"stages holds {state.Stages.Count} reports for completed_stages {state.CompletedStages}");
        for (int i = 0; i < state.Stages.Count; i++)
        {
            var report = state.Stages[i];
            if (report.Stage != plan[i].Name || report.Layer != plan[i].Layer)
                Refuse($"stages[{i}] is {report.Stage} layer {report.Layer}, but stage {i + 1} of the plan is {Named(i)}");
            if (report.Iterations < 0 || report.Iterations > Budget(spec, plan[i]))
                Refuse($"stages[{i}].iterations is {report.Iterations}, expected 0 … {Budget(spec, plan[i])} (the stage's epochs)");
        }
        if (state.Loop is { } loop)
        {
            var stage = plan[state.CompletedStages];
            if (loop.Epoch < 1 || loop.Epoch > Budget(spec, stage))
                Refuse($"loop.epoch is {loop.Epoch}, expected 1 … {Budget(spec, stage)} (the epochs of {Named(state.CompletedStages)})");
            if (loop.BestEpoch < 0 || loop.BestEpoch > loop.Epoch || loop.Evaluations < 0 || !(loop.Seconds >= 0))
                Refuse($"loop holds best_epoch {loop.BestEpoch}, evaluations {loop.Evaluations}, seconds {loop.Seconds}; expected 0 ≤ best_epoch ≤ epoch {loop.Epoch}, evaluations ≥ 0, seconds ≥ 0");
        }
        long epochs = state.Stages.Sum(r => (long)r.Iterations) + (state.Loop?.Epoch ?? 0);
        if (state.MetricsRows != epochs)
            Refuse($"metrics_rows is {state.MetricsRows}, but its stages and loop count {epochs} epochs (one metrics row each)");

        using var scope = NewDisposeScope();
        // The run's models, built only for their names, shapes and dtypes (the weights are the checkpoint's).
        using var init = new Generator(0);
        using var models = new RunModels(inputSize, spec.Layers, Math.Max(classes, 2), init, dtype, CPU);
        var expected = models.state_dict();
        Tensors(tensorPath, "models.", checkpoint.Models, expected.ToDictionary(p => p.Key, p => p.Value.shape), dtype);
        if (state.Loop is null) return;
        if (checkpoint.InStage is not { } inStage)
            throw new DataFormatException(tensorPath, "the checkpoint stops inside a stage (state.json's loop is set) but holds no state to continue it");
        var parameters = Parameters(spec, plan[state.CompletedStages], models);
        var shapes = parameters.Select(p => p.shape).ToList();
        var settings = Optimizer(spec, plan[state.CompletedStages]);
        var (tensors, scalars) = settings.Kind == OptimizerKind.Lbfgs
            ? Lbfgs.ExpectedState(shapes, inStage.OptimizerScalars, settings.History)
            : FirstOrderOptimizer.ExpectedState(shapes, settings.Kind);
        var name = $"the {settings.Kind.ToString().ToLowerInvariant()} state of {Named(state.CompletedStages)}";
        foreach (var key in scalars)
        {
            if (!inStage.OptimizerScalars.TryGetValue(key, out var value))
                Refuse($"optimizer_scalars.{key} is missing; {name} needs it");
            bool count = key is "steps" or "iterations" or "evaluations" or "history";
            if (!double.IsFinite(value) || count && (value < 0 || value != Math.Floor(value)) || key == "history" && value > settings.History)
                Refuse($"optimizer_scalars.{key} is {value.ToString(System.Globalization.CultureInfo.InvariantCulture)}; {name} needs "
                    + (key == "history" ? $"a whole number 0 … {settings.History} (the L-BFGS memory)" : count ? "a whole number ≥ 0" : "a finite number"));
        }
        // A first-order optimiser makes one evaluation per step, so its step count is the stage's evaluations so far
        // (a count beyond them, e.g. 1e300, would resume into a bias correction no run can reach).
        if (settings.Kind != OptimizerKind.Lbfgs && inStage.OptimizerScalars.TryGetValue("steps", out var steps) && steps != state.Loop.Evaluations)
            Refuse($"optimizer_scalars.steps is {steps.ToString(System.Globalization.CultureInfo.InvariantCulture)}; {name} has made one step per evaluation, loop.evaluations = {state.Loop.Evaluations}");
        foreach (var key in inStage.OptimizerScalars.Keys.Except(scalars).Where(k => !(settings.Kind == OptimizerKind.Lbfgs && k == Lbfgs.OptionalScalar)))
            Refuse($"optimizer_scalars.{key} is not part of {name}");
        Tensors(tensorPath, "optimizer.", inStage.OptimizerTensors, tensors, dtype, optional: settings.Kind == OptimizerKind.Lbfgs ? Lbfgs.OptionalTensors : []);
        if (inStage.BestParameters.Count != 0)
            Tensors(tensorPath, "best.", inStage.BestParameters.Select((t, i) => (i.ToString(), t)).ToDictionary(p => p.Item1, p => p.t),
                shapes.Select((s, i) => (i.ToString(), s)).ToDictionary(p => p.Item1, p => p.s), dtype);
        using var generator = new Generator(0);
        var shuffle = generator.get_state();
        if (inStage.ShuffleState.dtype != shuffle.dtype || !inStage.ShuffleState.shape.SequenceEqual(shuffle.shape))
            throw new DataFormatException(tensorPath, $"shuffle is {Describe(inStage.ShuffleState)}, the shuffling generator's state is {Describe(shuffle)}");
        if (inStage.NoiseState is { } noise && (noise.dtype != shuffle.dtype || !noise.shape.SequenceEqual(shuffle.shape)))
            throw new DataFormatException(tensorPath, $"noise is {Describe(noise)}, the corruption generator's state is {Describe(shuffle)}");
    }

    /// <summary>Exactly the tensors <paramref name="expected"/> names (but <paramref name="optional"/> ones may be absent), each of its shape and <paramref name="dtype"/>, all values finite.</summary>
    static void Tensors(string path, string prefix, IReadOnlyDictionary<string, Tensor> found, IReadOnlyDictionary<string, long[]> expected, ScalarType dtype, IReadOnlyCollection<string>? optional = null)
    {
        foreach (var (key, shape) in expected)
        {
            if (!found.TryGetValue(key, out var tensor))
            {
                if (optional?.Contains(key) == true) continue;
                throw new DataFormatException(path, $"{prefix}{key} is missing; this run needs it as {dtype.ToString().ToLowerInvariant()} [{string.Join(", ", shape)}]");
            }
            if (tensor.dtype != dtype || !tensor.shape.SequenceEqual(shape))
                throw new DataFormatException(path, $"{prefix}{key} is {Describe(tensor)}; this run needs {dtype.ToString().ToLowerInvariant()} [{string.Join(", ", shape)}]");
            // A checkpoint is written only after an epoch whose loss and gradient were finite: NaN or ∞ is damage.
            using (var finite = tensor.isfinite().all())
                if (!finite.item<bool>())
                    throw new DataFormatException(path, $"{prefix}{key} holds NaN or ∞; a checkpoint holds finite values only (the file is damaged)");
        }
        foreach (var key in found.Keys.Except(expected.Keys))
            throw new DataFormatException(path, $"{prefix}{key} is not a tensor of this run (expected {string.Join(", ", expected.Keys.Take(6).Select(k => prefix + k))}{(expected.Count > 6 ? ", …" : "")})");
    }

    static string Describe(Tensor t) => $"{t.dtype.ToString().ToLowerInvariant()} [{string.Join(", ", t.shape)}]";

    static int Budget(PipelineSpec spec, Stage stage) => stage.Optimizer(spec).Epochs;

    static OptimizerSettings Optimizer(PipelineSpec spec, Stage stage) => stage.Optimizer(spec);

    /// <summary>The parameters the stage's optimiser updates, in its order (its objective's).</summary>
    static IReadOnlyList<Parameter> Parameters(PipelineSpec spec, Stage stage, RunModels models) => stage.Objective(spec, models).Parameters;
}
