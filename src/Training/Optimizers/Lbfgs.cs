using TorchAe.Kernels;
using TorchAe.Runtime;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TorchAe.Training.Optimizers;

/// <summary>L-BFGS with a strong-Wolfe line search, one iteration per <see cref="Step"/> (so every iteration is a row of
/// metrics.csv and a possible checkpoint). The algorithm is PyTorch's <c>torch.optim.LBFGS(line_search_fn="strong_wolfe")</c>
/// (itself after minFunc), with minFunc's stopping rules; TorchSharp's native LBFGS has no line search and its state
/// cannot be saved. The loss and gradient at the accepted point are kept, so an iteration costs only its line-search
/// evaluations.</summary>
internal sealed class Lbfgs : IOptimizer
{
    readonly Parameter[] parameters;
    readonly OptimizerSettings options;
    readonly List<Tensor> directions = new(), steps = new();  // y_k = g_{k+1} − g_k and s_k = t_k d_k
    readonly List<double> rho = new();                          // 1 / (y_kᵀ s_k)
    Tensor? d, previousGradient, currentGradient;
    double t, hessianDiagonal = 1, currentLoss = double.NaN;
    long iterations, evaluations;

    public Lbfgs(IEnumerable<Parameter> parameters, OptimizerSettings options)
    {
        this.parameters = parameters.ToArray();
        this.options = options;
    }

    public bool Converged { get; private set; }
    public long Evaluations => evaluations;
    public StopReason? StopReason => Converged ? Optimizers.StopReason.Converged
        : options.MaxEvaluations is { } cap && evaluations >= cap ? Optimizers.StopReason.MaxEvaluations : null;
    public double LearningRate => options.LearningRate;

    public StepOutcome Step(Func<Tensor> closure)
    {
        if (Converged) return new StepOutcome(-1);   // the loop stops here; a caller that steps on gets the point it has
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        // The step's own work — the two-loop recursion's 4m dot products and updates, the line search's moves — is
        // hundreds of small memory-bound ops on n-vectors. It runs on one thread, so no op waits to wake a sleeping
        // OpenMP thread (docs/benchmarks.md, "Threads", has the measurement); the objective runs on the whole team.
        using var team = OneThread.Enter();
        int stepEvaluations = 0;
        (double Loss, Tensor Gradient) Evaluate()
        {
            evaluations++;
            double f;
            using (enable_grad())
            using (team.Release())
                f = closure().ToDouble();
            return (f, FlatGradient());
        }

        if (currentGradient is null)
        {
            // The first step's gradient is checked here; every later one was checked when the line search accepted it, at
            // the end of the step before (a checkpoint keeps it, so a resumed run does not evaluate it again).
            var (f0, g0) = Evaluate();
            stepEvaluations = 1;
            currentLoss = f0;
            Keep(ref currentGradient, g0);
            if (g0.abs().max().ToDouble() <= options.GradientTolerance) { Converged = true; return new StepOutcome(0); }
        }
        double loss = currentLoss;
        var g = currentGradient!;

        iterations++;
        if (iterations == 1)
        {
            Keep(ref d, g.neg());
            hessianDiagonal = 1;
        }
        else
        {
            var y = g - previousGradient!;                  // y = g_k − g_{k−1}
            var s = d!.Times(t);                             // s = t d
            double ys = y.dot(s).ToDouble();
            if (ys > 1e-10)
            {
                if (directions.Count == options.History)
                {
                    directions[0].Dispose(); steps[0].Dispose();
                    directions.RemoveAt(0); steps.RemoveAt(0); rho.RemoveAt(0);
                }
                directions.Add(y.DetachFromDisposeScope());
                steps.Add(s.DetachFromDisposeScope());
                rho.Add(1 / ys);
                hessianDiagonal = ys / y.dot(y).ToDouble();  // H0 = yᵀs / yᵀy
            }
            // Two-loop recursion: d = −H g
            var q = g.neg();
            var alpha = new double[directions.Count];
            for (int i = directions.Count - 1; i >= 0; i--)
            {
                alpha[i] = steps[i].dot(q).ToDouble() * rho[i];
                q.AddInPlace(directions[i], -alpha[i]);
            }
            var r = q.ScaleInPlace(hessianDiagonal);
            for (int i = 0; i < directions.Count; i++)
            {
                double beta = directions[i].dot(r).ToDouble() * rho[i];
                r.AddInPlace(steps[i], alpha[i] - beta);
            }
            Keep(ref d, r);
        }
        Keep(ref previousGradient, g.clone());

        t = iterations == 1 ? Math.Min(1, 1 / g.abs().sum().ToDouble()) * options.LearningRate : options.LearningRate;
        double gtd = g.dot(d!).ToDouble();
        if (gtd > -options.ChangeTolerance) { Converged = true; return new StepOutcome(stepEvaluations - 1); }

        var origin = FlatParameters();
        (double Loss, Tensor Gradient, int Evaluation) Trial(double step)
        {
            SetParameters(origin, step, d!);
            var (f, grad) = Evaluate();
            return (f, grad, stepEvaluations++);
        }
        var search = StrongWolfe.Search(Trial, t, d!, loss, g, gtd, options.ChangeTolerance);
        t = search.Step;
        SetParameters(origin, t, d!);
        int accepted = search.Evaluation;
        currentLoss = search.Loss;
        Keep(ref currentGradient, search.Gradient);

        if (currentGradient!.abs().max().ToDouble() <= options.GradientTolerance
            || d!.Times(t).abs().max().ToDouble() <= options.ChangeTolerance
            || Math.Abs(currentLoss - loss) < options.ChangeTolerance)
            Converged = true;
        return new StepOutcome(accepted);
    }

    // Copies, never views: with a single parameter cat() may hand back its input, and the origin of a line search must
    // not move with the parameters.
    Tensor FlatGradient() => Flat(parameters.Select(p => p.grad!));
    Tensor FlatParameters() => Flat(parameters.Select(p => p.detach()));
    static Tensor Flat(IEnumerable<Tensor> tensors)
    {
        var parts = tensors.Select(t => t.flatten()).ToArray();
        return parts.Length == 1 ? parts[0].clone() : cat(parts);
    }

    /// <summary>θ ← origin + step · direction, parameter by parameter.</summary>
    void SetParameters(Tensor origin, double step, Tensor direction)
    {
        long offset = 0;
        foreach (var p in parameters)
        {
            long n = p.numel();
            using var scope = NewDisposeScope();
            using var alpha = step.ToScalar();
            p.copy_(origin.narrow(0, offset, n).add(direction.narrow(0, offset, n), alpha).view(p.shape));
            offset += n;
        }
    }

    static void Keep(ref Tensor? slot, Tensor value)
    {
        if (ReferenceEquals(slot, value)) return;
        slot?.Dispose();
        slot = value.DetachFromDisposeScope();
    }

    public void Dispose()
    {
        foreach (var x in directions.Concat(steps)) x.Dispose();
        directions.Clear(); steps.Clear(); rho.Clear();
        foreach (var x in new[] { d, previousGradient, currentGradient }) x?.Dispose();
        d = previousGradient = currentGradient = null;
    }

    public IReadOnlyDictionary<string, Tensor> StateTensors()
    {
        var state = new Dictionary<string, Tensor>();
        if (d is not null) state["d"] = d;
        if (previousGradient is not null) state["previous_gradient"] = previousGradient;
        if (currentGradient is not null) state["current_gradient"] = currentGradient;
        for (int i = 0; i < directions.Count; i++) { state[$"y.{i}"] = directions[i]; state[$"s.{i}"] = steps[i]; }
        return state;
    }

    public IReadOnlyDictionary<string, double> StateScalars()
    {
        var state = new Dictionary<string, double>
        {
            ["iterations"] = iterations, ["evaluations"] = evaluations, ["t"] = t, ["hessian_diagonal"] = hessianDiagonal, ["history"] = directions.Count,
            ["converged"] = Converged ? 1 : 0, ["current_loss"] = currentLoss,
        };
        for (int i = 0; i < rho.Count; i++) state[$"rho.{i}"] = rho[i];
        return state;
    }

    /// <summary>Tensors <see cref="LoadState"/> takes when present (there are none before the first iteration).</summary>
    public static readonly string[] OptionalTensors = ["d", "previous_gradient", "current_gradient"];
    /// <summary>The accepted point's loss: NaN or absent before the first iteration.</summary>
    public const string OptionalScalar = "current_loss";

    /// <summary>What <see cref="LoadState"/> reads over parameters of <paramref name="shapes"/> (n numbers in all): the
    /// direction, the last two gradients (n each), <c>history</c> pairs y.i, s.i (n each) with their rho.i, and the
    /// counters. The pairs are counted from <c>history</c> when it is a whole number within the memory.</summary>
    public static (Dictionary<string, long[]> Tensors, string[] Scalars) ExpectedState(IReadOnlyList<long[]> shapes, IReadOnlyDictionary<string, double> scalars, int memory)
    {
        long n = shapes.Sum(s => s.Aggregate(1L, (a, b) => a * b));
        var tensors = OptionalTensors.ToDictionary(k => k, _ => new[] { n });
        var names = new List<string> { "iterations", "evaluations", "t", "hessian_diagonal", "history", "converged" };
        if (scalars.TryGetValue("history", out var h) && h >= 0 && h <= memory && h == Math.Floor(h))
            for (int i = 0; i < (int)h; i++)
            {
                tensors[$"y.{i}"] = [n];
                tensors[$"s.{i}"] = [n];
                names.Add($"rho.{i}");
            }
        return (tensors, [.. names]);
    }

    public void LoadState(IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, double> scalars)
    {
        iterations = (long)scalars["iterations"];
        evaluations = (long)scalars["evaluations"];
        t = scalars["t"];
        hessianDiagonal = scalars["hessian_diagonal"];
        Converged = scalars["converged"] != 0;
        int history = (int)scalars["history"];
        if (tensors.TryGetValue("d", out var dd)) Keep(ref d, dd.clone());
        if (tensors.TryGetValue("previous_gradient", out var pg)) Keep(ref previousGradient, pg.clone());
        foreach (var x in directions.Concat(steps)) x.Dispose();
        directions.Clear(); steps.Clear(); rho.Clear();
        for (int i = 0; i < history; i++)
        {
            directions.Add(tensors[$"y.{i}"].clone().DetachFromDisposeScope());
            steps.Add(tensors[$"s.{i}"].clone().DetachFromDisposeScope());
            rho.Add(scalars[$"rho.{i}"]);
        }
        // The accepted point's loss and gradient: kept, so a resumed run makes exactly the evaluations an uninterrupted one does.
        currentGradient?.Dispose();
        currentGradient = null;
        if (tensors.TryGetValue("current_gradient", out var cg)) Keep(ref currentGradient, cg.clone());
        currentLoss = scalars.GetValueOrDefault("current_loss");
    }
}
