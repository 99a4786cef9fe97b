using TorchAe.Kernels;
using TorchAe.Losses;
using TorchAe.Models;
using TorchAe.Training;
using TorchAe.Training.Objectives;
using TorchAe.Training.Optimizers;
using static TorchSharp.torch;

namespace TorchAe.Tests.Training;

public sealed class TrainingLoopTests
{
    static List<EpochMetrics> TrainAutoencoder(OptimizerKind kind, GradientSource source, int epochs, int batch = 0, double lr = 1, ScalarType dtype = ScalarType.Float64, ulong seed = 11)
    {
        var g = new Generator(seed);
        var x = rand(new long[] { 60, 20 }, dtype: dtype, generator: g);
        var model = new SparseAutoencoder(20, 8, Activation.Sigmoid, Activation.Sigmoid, new Generator(seed + 1), dtype);
        var sink = new RecordingSink();
        new TrainingLoop
        {
            Objective = new AutoencoderObjective(model, new SparseAutoencoderLossOptions { TargetActivation = 0.1, SparsityWeight = 3, WeightDecay = 1e-3 }, 1),
            Optimizer = new OptimizerSettings { Kind = kind, Epochs = epochs, BatchSize = batch, LearningRate = lr },
            Settings = new StageSettings { Gradients = source },
            Train = new TrainingData(x, null),
            Sink = sink,
            Shuffle = new Generator(seed + 2),
        }.Run();
        return sink.Rows;
    }

    [Theory]
    [InlineData(OptimizerKind.Gd, 0, 1.0)]
    [InlineData(OptimizerKind.Sgd, 16, 0.1)]
    [InlineData(OptimizerKind.Adam, 16, 0.01)]
    [InlineData(OptimizerKind.Lbfgs, 0, 1.0)]
    public void Run_AutogradAndHand_Float64_GiveTheSameLossCurve(OptimizerKind kind, int batch, double lr)
    {
        var autograd = TrainAutoencoder(kind, GradientSource.Autograd, 50, batch, lr);
        var hand = TrainAutoencoder(kind, GradientSource.Hand, 50, batch, lr);
        Assert.Equal(autograd.Count, hand.Count);
        Assert.True(autograd.Count >= 20, $"only {autograd.Count} epochs ran");
        for (int i = 0; i < autograd.Count; i++)
            Assert.True(Math.Abs(autograd[i].Loss - hand[i].Loss) <= 1e-10 * Math.Abs(autograd[i].Loss), $"epoch {i + 1}: {autograd[i].Loss} vs {hand[i].Loss}");
        Assert.True(autograd[^1].Loss < 0.8 * autograd[0].Loss, $"loss did not go down: {autograd[0].Loss} → {autograd[^1].Loss}");
    }

    [Fact]
    public void Run_SameSeedTwice_BitIdenticalRows()
    {
        var a = TrainAutoencoder(OptimizerKind.Adam, GradientSource.Autograd, 10, 16, 0.01, ScalarType.Float32);
        var b = TrainAutoencoder(OptimizerKind.Adam, GradientSource.Autograd, 10, 16, 0.01, ScalarType.Float32);
        Assert.Equal(a.Select(r => r with { Seconds = 0 }), b.Select(r => r with { Seconds = 0 }));
        var c = TrainAutoencoder(OptimizerKind.Adam, GradientSource.Autograd, 10, 16, 0.01, ScalarType.Float32, seed: 12);
        Assert.NotEqual(a[^1].Loss, c[^1].Loss);
    }

    [Fact]
    public void Run_LbfgsConverges_StopsEarlyWithARowForTheLastPoint()
    {
        // Loose tolerances make L-BFGS stop on its own rules long before 2000 iterations, including the path where a
        // step finds the cached point already converged and evaluates nothing (a crash before the fix).
        var g = new Generator(3);
        var x = rand(new long[] { 30, 6 }, dtype: ScalarType.Float64, generator: g);
        var model = new SparseAutoencoder(6, 3, Activation.Sigmoid, Activation.Sigmoid, new Generator(4), ScalarType.Float64);
        var sink = new RecordingSink();
        var report = new TrainingLoop
        {
            Objective = new AutoencoderObjective(model, new SparseAutoencoderLossOptions(), 1),
            Optimizer = new OptimizerSettings { Kind = OptimizerKind.Lbfgs, Epochs = 2000, GradientTolerance = 1e-3, ChangeTolerance = 1e-6 },
            Settings = new StageSettings(),
            Train = new TrainingData(x, null),
            Sink = sink,
            Shuffle = new Generator(5),
        }.Run();
        Assert.InRange(sink.Rows.Count, 2, 1999);
        Assert.True(sink.Rows[^1].Loss <= sink.Rows[0].Loss);
        Assert.Equal((StopReason.Converged, sink.Rows.Count), (report.StopReason, report.Iterations));
    }

    /// <summary>A stage ends for one of three reasons, and the report says which, with its iterations and the
    /// optimiser's evaluations (gradient descent: exactly one per step).</summary>
    [Fact]
    public void Run_StopReasons_EpochsEarlyStoppingAndEvaluationsCounted()
    {
        var g = new Generator(3);
        var x = rand(new long[] { 30, 6 }, dtype: ScalarType.Float64, generator: g);
        var validation = rand(new long[] { 30, 6 }, dtype: ScalarType.Float64, generator: g);
        StageReport Train(OptimizerSettings optimizer, int? patience) => new TrainingLoop
        {
            Objective = new AutoencoderObjective(new SparseAutoencoder(6, 3, Activation.Sigmoid, Activation.Sigmoid, new Generator(4), ScalarType.Float64), new SparseAutoencoderLossOptions(), 1),
            Optimizer = optimizer,
            Settings = new StageSettings { EarlyStoppingPatience = patience },
            Train = new TrainingData(x, null),
            Validation = new TrainingData(validation, null),
            Sink = new RecordingSink(),
            Shuffle = new Generator(5),
        }.Run();

        var budget = Train(new OptimizerSettings { Kind = OptimizerKind.Gd, Epochs = 7, LearningRate = 0.1 }, null);
        Assert.Equal(("pretrain", 1, 7, 7L, StopReason.Epochs), (budget.Stage, budget.Layer, budget.Iterations, budget.Evaluations, budget.StopReason));
        Assert.True(budget.PeakRssBytes > 0);

        var early = Train(new OptimizerSettings { Kind = OptimizerKind.Adam, Epochs = 500, LearningRate = 0.5 }, patience: 1);
        Assert.Equal(StopReason.EarlyStopping, early.StopReason);
        Assert.InRange(early.Iterations, 2, 499);
        Assert.Equal(early.Iterations, early.Evaluations);
    }

    [Fact]
    public void Run_HugeLearningRate_StopsWithDivergence()
    {
        var e = Assert.Throws<TrainingDivergedException>(() => TrainAutoencoder(OptimizerKind.Gd, GradientSource.Autograd, 200, 0, 1e30));
        Assert.Equal("pretrain", e.Stage);
        Assert.Contains("at epoch", e.Message);
    }
}
