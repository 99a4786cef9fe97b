using System.Diagnostics;
using TorchAe.Runtime;
using static TorchSharp.torch;

namespace TorchAe.Benchmarks;

/// <summary>The matmul bound of a workload: the time of the same matrix products as one training epoch — per step and
/// layer A Wᵀ (forward), Δᵀ A (∂W) and, where the input needs a gradient, Δ W — as plain <c>mm</c> calls on random
/// operands, nothing else. Timed in slices between the training rounds, so both see the same machine. The operands are
/// drawn on the CPU (the generator's device) and moved to the device being timed.</summary>
internal sealed class MatmulPeak : IDisposable
{
    readonly (Tensor Input, Tensor Weight, Tensor Delta, bool InputGradient)[][] steps;
    readonly List<Tensor> owned = [];
    readonly List<double> seconds = [];
    readonly Device device;
    bool warm;

    /// <param name="batches">the batch size of every step of one epoch (one entry for full batch).</param>
    public MatmulPeak(BenchmarkWorkload workload, ScalarType dtype, IReadOnlyList<int> batches, Generator generator, Device device)
    {
        this.device = device;
        Tensor Random(long rows, long columns)
        {
            var t = BenchmarkSubject.OnDevice(rand(new long[] { rows, columns }, dtype: dtype, generator: generator), device);
            owned.Add(t);
            return t;
        }
        var operands = batches.Distinct().ToDictionary(rows => rows, rows => workload.Layers
            .Select(l => (Input: Random(rows, l.In), Weight: Random(l.Out, l.In), Delta: Random(rows, l.Out), l.InputGradient)).ToArray());
        steps = batches.Select(rows => operands[rows]).ToArray();
    }

    /// <summary>Median seconds of one epoch's products over everything measured so far.</summary>
    public double MedianSeconds => Percentiles.Of(seconds, 0.5);

    /// <summary>Times <paramref name="epochs"/> more epochs' worth of products (the first call warms up first).</summary>
    public void Measure(int epochs)
    {
        if (!warm)
        {
            for (int i = 0; i < 2; i++) Epoch();
            warm = true;
        }
        for (int i = 0; i < epochs; i++)
        {
            DeviceSync.Wait(device);
            long start = Stopwatch.GetTimestamp();
            Epoch();
            DeviceSync.Wait(device);
            seconds.Add(Stopwatch.GetElapsedTime(start).TotalSeconds);
        }
    }

    void Epoch()
    {
        foreach (var layers in steps)
        {
            using var inner = NewDisposeScope();
            foreach (var (input, weight, delta, inputGradient) in layers)
            {
                input.mm(weight.t());                    // forward (R, in)(in, out)
                delta.t().mm(input);                     // ∂W (out, R)(R, in)
                if (inputGradient) delta.mm(weight);     // ∂input (R, out)(out, in)
            }
        }
    }

    public void Dispose()
    {
        foreach (var t in owned) t.Dispose();
    }
}
