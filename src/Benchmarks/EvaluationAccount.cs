using System.Diagnostics;
using System.Runtime.InteropServices;
using TorchAe.Kernels;
using TorchAe.Losses;
using TorchAe.Models;
using TorchAe.Runtime;
using TorchAe.Training.Objectives;
using static TorchSharp.torch;

namespace TorchAe.Benchmarks;

/// <summary>Where one full-batch evaluation (objective + gradient, as L-BFGS makes it) of a sigmoid autoencoder's layer
/// goes: the evaluation measured whole, and every matrix product, element-wise pass, group of small ops and copy it
/// makes, each replayed alone at its own shape and layout on tensors of the evaluation's values (docs/benchmarks.md,
/// <i>Where an evaluation's time goes</i>). Rounds interleave the whole evaluation and the parts, so load changes hit all
/// alike; each line is the median over the rounds.</summary>
internal static partial class EvaluationAccount
{
    /// <summary>MNIST's first layer in the <c>mnist</c> preset: 784 → 200, ρ 0.1, β 3, α 3e-3, float32, seed 1.</summary>
    public static readonly SparseAutoencoderLossOptions Options = new() { TargetActivation = 0.1, SparsityWeight = 3, WeightDecay = 3e-3 };

    sealed record Part(string Kind, string Item, string Shape, double Flops, double Bytes, Action Setup, Action Run)
    {
        public readonly List<double> Ms = [];
        public (long Count, long Bytes)? Allocated;
    }

    [LibraryImport("libc", EntryPoint = "gettid")]
    private static partial int GetThreadId();

    /// <summary>Accounts for one evaluation of <paramref name="source"/> on <paramref name="inputs"/> (R, N) with
    /// <paramref name="hidden"/> units, at the current thread count; <paramref name="rounds"/> timed rounds after two
    /// warm-up ones.</summary>
    public static IReadOnlyList<AccountRow> Run(Tensor inputs, int hidden, GradientSource source, int rounds)
    {
        using var outer = NewDisposeScope();
        int rows = (int)inputs.shape[0], n = (int)inputs.shape[1], threads = get_num_threads();
        string sourceName = source == GradientSource.Hand ? "hand" : "autograd";
        using var model = new SparseAutoencoder(n, hidden, Activation.Sigmoid, Activation.Sigmoid, new Generator(1), inputs.dtype, inputs.device);
        var objective = new AutoencoderObjective(model, Options);
        var parts = Parts(model, inputs, source);

        void Evaluation()
        {
            // What one L-BFGS evaluation costs: the objective and its gradient, the loop's ‖∂J/∂θ_i‖², the loss read back,
            // and the optimiser's flat copy of the gradient (TrainingLoop.Step's closure, Lbfgs.Evaluate).
            using var scope = NewDisposeScope();
            var terms = objective.Evaluate(inputs, null, source);
            var norms = stack(objective.Parameters.Select(p => p.grad!.Squared().sum()));
            terms.Loss.ToDouble();
            cat(objective.Parameters.Select(p => p.grad!.flatten()).ToArray());
        }

        int self = OperatingSystem.IsLinux() ? GetThreadId() : 0;
        var whole = new List<double>();
        long faults = 0;
        ThreadClock clock = default;
        for (int round = -2; round < rounds; round++)
        {
            var usage = ProcessUsage.Now();
            var before = ThreadClock.Now(self);
            long start = Stopwatch.GetTimestamp();
            Evaluation();
            double ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            var after = ThreadClock.Now(self);
            if (round >= 0)
            {
                whole.Add(ms);
                faults += (ProcessUsage.Now() - usage).MinorPageFaults;
                clock += after - before;
            }
            foreach (var part in parts)
            {
                using var scope = NewDisposeScope();
                part.Setup();
                long t0 = Stopwatch.GetTimestamp();
                using (var inner = NewDisposeScope()) part.Run();
                if (round >= 0) part.Ms.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
            }
        }
        // Allocations, counted in one more run of each (after the timed rounds: caches and pools are warm).
        var wholeAllocated = AllocationCounter.Count(Evaluation);
        foreach (var part in parts)
        {
            using var scope = NewDisposeScope();
            part.Setup();
            part.Allocated = AllocationCounter.Count(() => { using var inner = NewDisposeScope(); part.Run(); });
        }

        AccountRow Row(string kind, string item, string shape, double flops, double bytes, (long Count, long Bytes)? allocated, double ms) =>
            new(rows, threads, sourceName, kind, item, shape, flops, bytes, allocated?.Count, allocated?.Bytes, ms);
        var result = parts.Select(p => Row(p.Kind, p.Item, p.Shape, p.Flops, p.Bytes, p.Allocated, Percentiles.Of(p.Ms, 0.5))).ToList();
        var counted = result.Where(r => r.Kind is "product" or "pass" or "small" or "copy").ToList();
        double evaluationMs = Percentiles.Of(whole, 0.5), sumMs = counted.Sum(r => r.MedianMs);
        (long, long)? Total(IEnumerable<AccountRow> rs) => rs.Any(r => r.Allocations is null) ? null
            : (rs.Sum(r => r.Allocations!.Value), rs.Sum(r => r.AllocatedBytes!.Value));
        result.Add(Row("sum", "the parts above", "", counted.Sum(r => r.Flops), counted.Sum(r => r.Bytes), Total(counted), sumMs));
        result.Add(Row("evaluation", "measured whole", $"{rows}×{n}→{hidden}", counted.Sum(r => r.Flops), 0, wholeAllocated, evaluationMs) with
        {
            PageFaults = (double)faults / rounds,
            WakeUps = (double)clock.OtherSlices / rounds,
            OtherBusyMs = clock.OtherRunMs / rounds,
            WaitMs = clock.OwnWaitMs / rounds,
        });
        result.Add(Row("unaccounted", "evaluation − sum (dispatch, autograd engine, allocator, faults, caches)", "", 0, 0, null, evaluationMs - sumMs));
        // The minimum: the products as measured, and the passes no formulation can avoid — φ over (R, H), ψ and the fused
        // output pass over (R, N), δ2's one pass over (R, H); ρ̂ and the bias sums could ride along with those.
        var minimum = result.Where(r => r.Kind == "product" || (r.Kind == "pass" && r.Item.Contains("[needed]", StringComparison.Ordinal))).ToList();
        result.Add(Row("minimum", "products + needed passes", "", minimum.Sum(r => r.Flops), minimum.Sum(r => r.Bytes), null, minimum.Sum(r => r.MedianMs)));
        return result;
    }

    /// <summary>The parts of one evaluation of <paramref name="source"/>, in the order the evaluation makes them, with
    /// operands of the evaluation's values (computed once here).</summary>
    static List<Part> Parts(SparseAutoencoder model, Tensor x, GradientSource source)
    {
        long r = x.shape[0], n = x.shape[1], h = model.HiddenSize;
        long size = x.element_size();
        var o = Options;
        Tensor w1 = model.Encoder.weight.detach(), b1 = model.Encoder.bias!.detach(), w2 = model.DecoderWeight.detach(), b2 = model.DecoderBias.detach();
        double cr = new SquaredErrorTerm(o.Objective).Scale(r), cs = new SparsityTerm(o.TargetActivation, o.SparsityWeight, o.Objective).Scale(r);
        Tensor p2, y, p3, z, delta3, rhoHat, s, product, delta2, aw1, aw2, rh, rn;
        using (no_grad())
        {
            p2 = addmm(b1, x, w1.t(), 1, 1);
            y = p2.sigmoid();
            p3 = addmm(b2, y, w2.t(), 1, 1);
            z = p3.sigmoid();
            delta3 = z.clone();
            FusedOutputDelta.SumOfSquaresAndDelta(Activation.Sigmoid, delta3, x, 2 * cr);
            rhoHat = y.mean(new long[] { 0 });
            s = KlDivergence.Derivative(rhoHat, o.TargetActivation).Times(cs / r);
            product = addmm(s, delta3, w2, 1, 1);
            delta2 = product * Activation.Sigmoid.DerivativeFromOutput(y);
            aw1 = w1.Times(o.WeightDecay);
            aw2 = w2.Times(o.WeightDecay);
            rh = empty_like(y);
            rn = empty_like(z);
        }
        double rnBytes = r * n * size, rhBytes = r * h * size, flops = 2.0 * r * n * h;
        string RN = $"{r}×{n}", RH = $"{r}×{h}";
        static void None() { }
        var parts = new List<Part>();
        void Add(string kind, string item, string shape, double f, double bytes, Action run, Action? setup = null) =>
            parts.Add(new Part(kind, item, shape, f, bytes, setup ?? None, () => { using var _ = no_grad(); run(); }));
        void Pass(string kind, string item, string shape, double bytes, Action run, Action? setup = null) => Add(kind, item, shape, 0, bytes, run, setup);

        bool hand = source == GradientSource.Hand;
        Add("product", "P2 = X·W1ᵀ + b1", $"({RN})·({n}×{h})", flops, 0, () => addmm(b1, x, w1.t(), 1, 1));
        if (hand)
            Pass("pass", "Y = σ(P2) in place [needed]", RH, 2 * rhBytes, () => rh.sigmoid_(), () => rh.copy_(p2));
        else
            Pass("pass", "Y = σ(P2), new buffer; its backward g ⊙ (1 − y) ⊙ y, new buffer [needed]", RH, 5 * rhBytes, () =>
            {
                using var _ = enable_grad();
                var leaf = p2.detach().requires_grad_(true);
                var output = leaf.sigmoid();
                autograd.grad([output], [leaf], [product]);
            });
        Add("product", "P3 = Y·W2ᵀ + b2", $"({RH})·({h}×{n})", flops, 0, () => addmm(b2, y, w2.t(), 1, 1));
        if (hand)
            Pass("pass", "Z = ψ(P3) in place [needed]", RN, 2 * rnBytes, () => rn.sigmoid_(), () => rn.copy_(p3));
        else
            Pass("pass", "Z = ψ(P3), new buffer [needed]", RN, 2 * rnBytes, () => p3.sigmoid());
        Pass("pass", "Σ(z − x)², δ3 = 2c_r(z − x)ψ′ over Z (fused) [needed]", RN, 3 * rnBytes,
            () => FusedOutputDelta.SumOfSquaresAndDelta(Activation.Sigmoid, rn, x, 2 * cr), () => rn.copy_(z));
        Pass("pass", "ρ̂ = mean(Y, 0)", RH, rhBytes, () => y.mean(new long[] { 0 }));
        if (hand)
        {
            Pass("small", "decay, KL, s, αW, the terms' sum", "", 0, () =>
            {
                var decay = model.Weights.Select(w => w.detach().Squared().sum()).Aggregate((a, b) => a.Plus(b)).Times(0.5 * o.WeightDecay);
                var sparsity = KlDivergence.Sum(rhoHat, o.TargetActivation).Times(cs);
                tensor(1.0, dtype: x.dtype).Plus(decay).Plus(sparsity);
                KlDivergence.Derivative(rhoHat, o.TargetActivation).Times(cs / r);
                w1.Times(o.WeightDecay);
                w2.Times(o.WeightDecay);
            });
            Add("product", "δ3·W2 + s", $"({RN})·({n}×{h})", flops, 0, () => addmm(s, delta3, w2, 1, 1));
            Pass("pass", "δ2 = (δ3·W2 + s) ⊙ Y ⊙ (1 − Y) in place, one pass [needed]", RH, 3 * rhBytes,
                () => InPlaceActivation.MultiplyByDerivative(Activation.Sigmoid, rh, y), () => rh.copy_(product));
            Add("product", "∂W1 = δ2ᵀ·X + αW1", $"({h}×{r})·({RN})", flops, 0, () => addmm(aw1, delta2.t(), x, 1, 1));
            Pass("pass", "∂b1 = Σ δ2", RH, rhBytes, () => delta2.sum(dim: 0L));
            Add("product", "∂W2 = δ3ᵀ·Y + αW2", $"({n}×{r})·({RH})", flops, 0, () => addmm(aw2, delta3.t(), y, 1, 1));
            Pass("pass", "∂b2 = Σ δ3", RN, rnBytes, () => delta3.sum(dim: 0L));
        }
        else
        {
            Pass("small", "decay and KL nodes, the terms' sum, 2αW, the weight gradients' sums", "", 0, () =>
            {
                FusedSquares.Sum(w1); FusedSquares.Sum(w2);
                var kl = empty_like(rhoHat);
                FusedKl.SumAndDerivative(rhoHat, kl, o.TargetActivation, SparseAutoencoderLossOptions.RhoHatEpsilon, cs);
                tensor(1.0, dtype: x.dtype).Plus(tensor(1.0, dtype: x.dtype)).Plus(tensor(1.0, dtype: x.dtype));
                aw1.Plus(w1.Times(o.WeightDecay));
                aw2.Plus(w2.Times(o.WeightDecay));
            });
            Pass("pass", "∂b2 = Σ δ3", RN, rnBytes, () => delta3.sum(dim: 0L));
            Add("product", "∂W2 = δ3ᵀ·Y", $"({n}×{r})·({RH})", flops, 0, () => delta3.t().mm(y));
            Add("product", "∂Y = δ3·W2", $"({RN})·({n}×{h})", flops, 0, () => delta3.mm(w2));
            Pass("pass", "mean's backward: ∂ρ̂ expanded / R, new buffer", RH, rhBytes, () => s.expand(r, h).Over(r));
            Pass("pass", "∂Y += the sparsity term's share", RH, 3 * rhBytes, () => product.Plus(s.expand(r, h)));
            Pass("pass", "∂b1 = Σ δ2", RH, rhBytes, () => delta2.sum(dim: 0L));
            Add("product", "∂W1 = δ2ᵀ·X", $"({h}×{r})·({RN})", flops, 0, () => delta2.t().mm(x));
        }
        long parameters = 2 * n * h + n + h;
        Pass("copy", "‖∂J/∂θ_i‖² (the loop) and the flat gradient (L-BFGS)", $"{parameters}", 3.0 * parameters * size, () =>
        {
            Tensor[] grads = [aw1, b1, aw2, b2];
            stack(grads.Select(g => g.Squared().sum()));
            cat(grads.Select(g => g.flatten()).ToArray());
        });
        // Other ways to write the ∂W products (the same numbers up to rounding), for comparison with the layouts above.
        Add("layout", "∂W1ᵀ = Xᵀ·δ2", $"({n}×{r})·({RH})", flops, 0, () => x.t().mm(delta2));
        Add("layout", "∂W2ᵀ = Yᵀ·δ3", $"({h}×{r})·({RN})", flops, 0, () => y.t().mm(delta3));
        Add("layout", "∂W1 = δ2ᵀ·X with δ2ᵀ copied first", $"({h}×{r})·({RN})", flops, 0, () => delta2.t().contiguous().mm(x));
        Pass("reference", "a copy of an (R, N) tensor (the streaming rate)", RN, 2 * rnBytes, () => rn.copy_(x));
        return parts;
    }
}
