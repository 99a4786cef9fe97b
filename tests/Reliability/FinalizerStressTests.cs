using TorchAe.Kernels;
using TorchAe.Losses;
using TorchAe.Models;
using TorchAe.Training;
using TorchAe.Training.Objectives;
using TorchAe.Training.Optimizers;
using static TorchSharp.torch;

namespace TorchAe.Tests.Reliability;

/// <summary>Training while another thread collects garbage as fast as it can gives the same bits as training alone.
/// A number passed to a TorchSharp op becomes a native <c>Scalar</c> whose only owner is its finalizer; TorchSharp
/// hands the op its handle (an <c>IntPtr</c>), so a collection on another thread during the native call may free it
/// while libtorch reads it (libtorch's "Expected false to be true" in <c>Scalar::toLong</c>, or a silently changed
/// number). The library owns every Scalar it passes (<c>OwnedScalarTests</c> checks the IL).</summary>
public sealed class FinalizerStressTests
{
    /// <summary>Every number of every metrics row but the wall time.</summary>
    sealed class RowSink : IMetricsSink
    {
        public List<string> Rows { get; } = new();
        public void Epoch(EpochMetrics m) => Rows.Add(string.Join(",", new double?[]
            { m.Loss, m.Terms["reconstruction"], m.Terms["weight_decay"], m.Terms["sparsity"], m.RhoHatMean, m.RhoHatMin, m.RhoHatMax, m.GradNorm }
            .Select(v => v is { } d ? BitConverter.DoubleToInt64Bits(d).ToString("x16") : "-")));
    }

    static List<string> Train(OptimizerKind kind, GradientSource gradients)
    {
        var x = rand(new long[] { 64, 12 }, dtype: ScalarType.Float32, generator: new Generator(31));
        var model = new SparseAutoencoder(12, 6, Activation.Sigmoid, Activation.Sigmoid, new Generator(32), ScalarType.Float32);
        var sink = new RowSink();
        new TrainingLoop
        {
            Stage = new PretrainStage(1),
            Objective = new AutoencoderObjective(model, new SparseAutoencoderLossOptions { TargetActivation = 0.1, SparsityWeight = 3, WeightDecay = 1e-3 }),
            Optimizer = new OptimizerSettings { Kind = kind, Epochs = 10, BatchSize = 2, LearningRate = kind == OptimizerKind.Adam ? 0.01 : 0.1 },
            Settings = new StageSettings { Gradients = gradients },
            Train = new TrainingData(x, null),
            Sink = sink,
            Shuffle = new Generator(33),
        }.Run();
        return sink.Rows;
    }

    /// <summary>Stressed runs repeat for <see cref="Budget"/> (at least one), each compared with the run alone. With
    /// unowned Scalars (the library before OwnedScalars) this fails now and then, not every time: the race is won only
    /// when a finalizer frees a Scalar in the microseconds before libtorch reads it; <c>OwnedScalarTests</c> is the
    /// check that always fails on such code.</summary>
    static readonly TimeSpan Budget = TimeSpan.FromSeconds(4);

    [Theory]
    [InlineData(OptimizerKind.Sgd, GradientSource.Autograd)]
    [InlineData(OptimizerKind.Adam, GradientSource.Hand)]
    public void Run_WhileAnotherThreadCollects_SameBitsAsAlone(OptimizerKind kind, GradientSource gradients)
    {
        var alone = Train(kind, gradients);
        using var stop = new CancellationTokenSource();
        var collector = new Thread(() =>
        {
            // Generation 0 only (where the short-lived Scalars are), back to back.
            while (!stop.IsCancellationRequested) GC.Collect(0, GCCollectionMode.Forced, blocking: true);
        }) { IsBackground = true };
        collector.Start();
        try
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            for (int run = 1; run == 1 || clock.Elapsed < Budget; run++)
                Assert.True(alone.SequenceEqual(Train(kind, gradients)), $"stressed run {run} differs from the run alone");
        }
        finally
        {
            stop.Cancel();
            collector.Join();
        }
    }
}
