using TorchAe.Kernels;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TorchAe.Training.Optimizers;

/// <summary>Gradient descent, SGD with momentum and Adam, in place under no_grad with PyTorch's formulas.
/// Buffers are created once (outside any dispose scope) and reused every step.</summary>
internal sealed class FirstOrderOptimizer : IOptimizer
{
    readonly Parameter[] parameters;
    readonly OptimizerSettings options;
    readonly Tensor[] first, second;  // SGD: momentum buffer in first; Adam: m in first, v in second
    readonly Tensor[] oneMinusBeta1;  // Adam: 1 − β1 as a 0-dim tensor per parameter dtype (lerp_ takes its weight as a tensor)
    long steps;
    const double Beta1 = 0.9, Beta2 = 0.999, AdamEpsilon = 1e-8;
    // Alive for the process: an op must not outlive its Scalar (OwnedScalars).
    static readonly Scalar OneMinusBeta2 = (1 - Beta2).ToScalar(), Epsilon = AdamEpsilon.ToScalar();

    public FirstOrderOptimizer(IEnumerable<Parameter> parameters, OptimizerSettings options)
    {
        this.parameters = parameters.ToArray();
        this.options = options;
        using var _ = no_grad();
        first = options.Kind is OptimizerKind.Sgd or OptimizerKind.Adam ? this.parameters.Select(p => zeros_like(p).DetachFromDisposeScope()).ToArray() : [];
        second = options.Kind == OptimizerKind.Adam ? this.parameters.Select(p => zeros_like(p).DetachFromDisposeScope()).ToArray() : [];
        oneMinusBeta1 = options.Kind == OptimizerKind.Adam ? this.parameters.Select(p => tensor(1 - Beta1, dtype: p.dtype, device: p.device).DetachFromDisposeScope()).ToArray() : [];
    }

    public bool Converged => false;
    public long Evaluations => steps;   // one evaluation per step
    public StopReason? StopReason => options.MaxEvaluations is { } cap && steps >= cap ? Optimizers.StopReason.MaxEvaluations : null;
    public double LearningRate => options.LearningRate;

    public StepOutcome Step(Func<Tensor> closure)
    {
        closure();
        using var _ = no_grad();
        steps++;
        double lr = options.LearningRate;
        for (int i = 0; i < parameters.Length; i++)
        {
            var p = parameters[i];
            var g = p.grad!;
            switch (options.Kind)
            {
                case OptimizerKind.Gd:
                    p.AddInPlace(g, -lr);                                    // θ ← θ − η g
                    break;
                case OptimizerKind.Sgd when options.Momentum == 0:
                    // μ = 0: b = 0·b + g is g itself, so one pass does it (same bits as the three below); b stays 0
                    p.AddInPlace(g, -lr);                                    // θ ← θ − η g
                    break;
                case OptimizerKind.Sgd:
                    if (steps == 1) first[i].copy_(g);                        // b ← g (first step)
                    else first[i].ScaleInPlace(options.Momentum).AddInPlace(g);   // b ← μ b + g
                    p.AddInPlace(first[i], -lr);                              // θ ← θ − η b
                    break;
                case OptimizerKind.Adam:
                    double c1 = 1 - Math.Pow(Beta1, steps), c2 = 1 - Math.Pow(Beta2, steps);
                    if (FusedAdam.Supports(p, g, first[i], second[i])
                        && FusedAdam.Step(p, g, first[i], second[i], Beta1, Beta2, AdamEpsilon, lr / c1, Math.Sqrt(c2)))
                        break;
                    // PyTorch 2's single-tensor Adam, op for op: 7 passes over the parameter, one temporary.
                    first[i].lerp_(g, oneMinusBeta1[i]);                      // m ← β1 m + (1 − β1) g = m + (1 − β1)(g − m)
                    second[i].ScaleInPlace(Beta2).addcmul_(g, g, OneMinusBeta2);   // v ← β2 v + (1 − β2) g²
                    using (Scalar sqrtC2 = Math.Sqrt(c2).ToScalar(), rate = (-lr / c1).ToScalar())
                    using (var denominator = second[i].sqrt())
                    {
                        denominator.div_(sqrtC2).add_(Epsilon, OwnedScalars.One);   // √v̂ + ε = √v / √c2 + ε
                        p.addcdiv_(first[i], denominator, rate);                  // θ ← θ − η m̂ / (√v̂ + ε)
                    }
                    break;
                default:
                    throw new InvalidOperationException($"{options.Kind} is not a first-order optimiser");
            }
        }
        return new StepOutcome(0);
    }

    public void Dispose()
    {
        foreach (var t in first.Concat(second).Concat(oneMinusBeta1)) t.Dispose();
    }

    public IReadOnlyDictionary<string, Tensor> StateTensors()
    {
        var state = new Dictionary<string, Tensor>();
        for (int i = 0; i < first.Length; i++) state[$"first.{i}"] = first[i];
        for (int i = 0; i < second.Length; i++) state[$"second.{i}"] = second[i];
        return state;
    }

    public IReadOnlyDictionary<string, double> StateScalars() => new Dictionary<string, double> { ["steps"] = steps };

    /// <summary>What <see cref="LoadState"/> reads for <paramref name="kind"/> over parameters of <paramref name="shapes"/>:
    /// the momentum buffers first.i (SGD) or Adam's m first.i and v second.i, each of its parameter's shape, and the step count.</summary>
    public static (Dictionary<string, long[]> Tensors, string[] Scalars) ExpectedState(IReadOnlyList<long[]> shapes, OptimizerKind kind)
    {
        var tensors = new Dictionary<string, long[]>();
        if (kind is OptimizerKind.Sgd or OptimizerKind.Adam)
            for (int i = 0; i < shapes.Count; i++) tensors[$"first.{i}"] = shapes[i];
        if (kind == OptimizerKind.Adam)
            for (int i = 0; i < shapes.Count; i++) tensors[$"second.{i}"] = shapes[i];
        return (tensors, ["steps"]);
    }

    public void LoadState(IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, double> scalars)
    {
        using var _ = no_grad();
        for (int i = 0; i < first.Length; i++) first[i].copy_(tensors[$"first.{i}"]);
        for (int i = 0; i < second.Length; i++) second[i].copy_(tensors[$"second.{i}"]);
        steps = (long)scalars["steps"];
    }
}
