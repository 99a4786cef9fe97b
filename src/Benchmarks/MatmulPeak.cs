using System.Diagnostics;
using static TorchSharp.torch;

namespace TorchAe.Benchmarks;

/// <summary>The matmul bound of a workload: the time of the same matrix products as one training step — per layer
/// A Wᵀ (forward), Δᵀ A (∂W) and, where the input needs a gradient, Δ W — as plain <c>mm</c> calls on random operands,
/// nothing else.</summary>
public static class MatmulPeak
{
    /// <summary>Median seconds of the step's products for a batch of <paramref name="rows"/> samples.</summary>
    public static double StepSeconds(BenchmarkWorkload workload, ScalarType dtype, int rows, int repetitions, Generator generator)
    {
        using var scope = NewDisposeScope();
        var operands = workload.Layers.Select(l => (
            Input: rand(new long[] { rows, l.In }, dtype: dtype, generator: generator),
            Weight: rand(new long[] { l.Out, l.In }, dtype: dtype, generator: generator),
            Delta: rand(new long[] { rows, l.Out }, dtype: dtype, generator: generator),
            l.InputGradient)).ToArray();
        void Products()
        {
            using var inner = NewDisposeScope();
            foreach (var (input, weight, delta, inputGradient) in operands)
            {
                input.mm(weight.t());                    // forward (R, in)(in, out)
                delta.t().mm(input);                     // ∂W (out, R)(R, in)
                if (inputGradient) delta.mm(weight);     // ∂input (R, out)(out, in)
            }
        }
        for (int i = 0; i < Math.Max(2, repetitions / 10); i++) Products();   // warm-up
        var seconds = new double[repetitions];
        for (int i = 0; i < repetitions; i++)
        {
            long start = Stopwatch.GetTimestamp();
            Products();
            seconds[i] = Stopwatch.GetElapsedTime(start).TotalSeconds;
        }
        return Percentiles.Of(seconds, 0.5);
    }
}
