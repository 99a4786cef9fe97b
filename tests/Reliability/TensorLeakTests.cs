using TorchAe.Kernels;
using TorchAe.Losses;
using TorchAe.Models;
using TorchAe.Training;
using TorchAe.Training.Objectives;
using TorchAe.Training.Optimizers;
using static TorchSharp.torch;

namespace TorchAe.Tests.Reliability;

/// <summary>No tensor created by a training step outlives it. TorchSharp counts, per thread, the tensors created and
/// disposed since <c>Statistics.Reset()</c>; the loop runs on the test's thread, so <c>ThreadTotalLiveCount</c> read
/// in the sink (inside an epoch) and after the stage is exactly what training left alive.</summary>
public sealed class TensorLeakTests
{
    /// <summary>Live tensors of this thread at every epoch's metrics row.</summary>
    sealed class LiveCountSink : IMetricsSink
    {
        public List<long> Live { get; } = new();
        public void Epoch(EpochMetrics metrics) => Live.Add(DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    static (TrainingLoop Loop, LiveCountSink Sink) Loop(OptimizerKind kind, int epochs, int batch, double lr, int history = 100)
    {
        var g = new Generator(21);
        var x = rand(new long[] { 60, 20 }, dtype: ScalarType.Float64, generator: g);
        var model = new SparseAutoencoder(20, 8, Activation.Sigmoid, Activation.Sigmoid, new Generator(22), ScalarType.Float64);
        var sink = new LiveCountSink();
        var loop = new TrainingLoop
        {
            Stage = new PretrainStage(1),
            Objective = new AutoencoderObjective(model, new SparseAutoencoderLossOptions { TargetActivation = 0.1, SparsityWeight = 3, WeightDecay = 1e-3 }),
            Optimizer = new OptimizerSettings { Kind = kind, Epochs = epochs, BatchSize = batch, LearningRate = lr, History = history, GradientTolerance = 0, ChangeTolerance = 0 },
            Settings = new StageSettings(),
            Train = new TrainingData(x, null),
            Sink = sink,
            Shuffle = new Generator(23),
        };
        return (loop, sink);
    }

    [Theory]
    [InlineData(OptimizerKind.Gd, 0, 1.0)]
    [InlineData(OptimizerKind.Sgd, 6, 0.1)]
    [InlineData(OptimizerKind.Adam, 6, 0.01)]
    public void Run_FirstOrderOptimizer_LiveTensorsFlatPerEpochAndNoneAfterTheStage(OptimizerKind kind, int batch, double lr)
    {
        var (loop, sink) = Loop(kind, 30, batch, lr);
        DisposeScopeManager.Statistics.Reset();
        loop.Run();
        long after = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        Assert.Equal(30, sink.Live.Count);
        Assert.True(sink.Live.All(n => n == sink.Live[0]), $"live tensors per epoch: {string.Join(", ", sink.Live)}");
        Assert.True(after == 0, $"{after} tensors created by the stage are still alive (optimiser state not released?)");
    }

    /// <summary>L-BFGS keeps its last <c>History</c> pairs (y, s) on purpose: the live count grows by exactly 2 per
    /// iteration until the history is full, then stays flat; nothing survives the stage.</summary>
    [Fact]
    public void Run_Lbfgs_LiveTensorsGrowOnlyByItsHistoryAndNoneAfterTheStage()
    {
        const int history = 4;
        var (loop, sink) = Loop(OptimizerKind.Lbfgs, 20, 0, 1, history);
        DisposeScopeManager.Statistics.Reset();
        loop.Run();
        long after = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        Assert.True(sink.Live.Count == 20, $"L-BFGS stopped after {sink.Live.Count} iterations");
        var expected = sink.Live.Select((_, k) => sink.Live[0] + 2 * Math.Min(k, history)).ToList();
        Assert.Equal(expected, sink.Live);
        Assert.True(after == 0, $"{after} tensors created by the stage are still alive (L-BFGS history not released?)");
    }

    /// <summary>10,000 mini-batch steps (1,000 epochs of 10 batches): the live count at the end of every epoch is the
    /// same as after the first, so memory cannot grow with the number of steps.</summary>
    [Fact]
    public void Run_TenThousandSteps_LiveTensorCountStaysFlat()
    {
        var (loop, sink) = Loop(OptimizerKind.Adam, 1000, 6, 0.01);
        DisposeScopeManager.Statistics.Reset();
        loop.Run();
        long created = DisposeScopeManager.Statistics.CreatedInScopeCount + DisposeScopeManager.Statistics.CreatedOutsideScopeCount;

        Assert.Equal(1000, sink.Live.Count);
        Assert.True(created > 100_000, $"only {created} tensors were created: the steps did not run");
        Assert.True(sink.Live.Distinct().Count() == 1, $"live tensors drift: first {sink.Live[0]}, max {sink.Live.Max()}, last {sink.Live[^1]}");
        Assert.Equal(0, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }
}
