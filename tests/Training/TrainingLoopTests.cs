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
            Stage = new PretrainStage(1),
            Objective = new AutoencoderObjective(model, new SparseAutoencoderLossOptions { TargetActivation = 0.1, SparsityWeight = 3, WeightDecay = 1e-3 }),
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

    static (RecordingSink Sink, SparseAutoencoder Model, StageReport Report) SmallLbfgsStage(OptimizerSettings optimizer)
    {
        var g = new Generator(3);
        var x = rand(new long[] { 30, 6 }, dtype: ScalarType.Float64, generator: g);
        var model = new SparseAutoencoder(6, 3, Activation.Sigmoid, Activation.Sigmoid, new Generator(4), ScalarType.Float64);
        var sink = new RecordingSink();
        var report = new TrainingLoop
        {
            Stage = new PretrainStage(1),
            Objective = new AutoencoderObjective(model, new SparseAutoencoderLossOptions()),
            Optimizer = optimizer,
            Settings = new StageSettings(),
            Train = new TrainingData(x, null),
            Sink = sink,
            Shuffle = new Generator(5),
        }.Run();
        return (sink, model, report);
    }

    [Fact]
    public void Run_LbfgsConverges_StopsAtTheFirstIterationItsRuleHolds()
    {
        // With the change tolerance 0 only the gradient rule (max |∇J| ≤ 1e-3) can end this stage, long before 2000
        // iterations, and it must end exactly where that first holds: at the final point autograd's gradient is within
        // the tolerance, and at every earlier row ‖∇J‖ ≥ max |∇J| was above it.
        const double gradientTolerance = 1e-3;
        var (sink, model, report) = SmallLbfgsStage(new OptimizerSettings { Kind = OptimizerKind.Lbfgs, Epochs = 2000, GradientTolerance = gradientTolerance, ChangeTolerance = 0 });
        Assert.True(sink.Rows.Count is > 2 and < 2000, $"{sink.Rows.Count} rows");
        Assert.Equal(Enumerable.Range(1, sink.Rows.Count), sink.Rows.Select(r => r.Epoch));
        foreach (var row in sink.Rows.SkipLast(1))
            Assert.True(row.GradNorm > gradientTolerance, $"iteration {row.Epoch}: ‖∇J‖ {row.GradNorm:0.0e0} should have stopped the stage");

        var x = rand(new long[] { 30, 6 }, dtype: ScalarType.Float64, generator: new Generator(3));
        model.zero_grad();
        new SparseAutoencoderLoss(new SparseAutoencoderLossOptions()).call(x, model).Total.backward();
        double maxGradient = model.parameters().Max(p => p.grad!.abs().max().ToDouble());
        Assert.True(maxGradient <= gradientTolerance, $"max |∇J| {maxGradient:0.0e0} at the final point");
        Assert.Equal(Math.Sqrt(model.parameters().Sum(p => p.grad!.square().sum().ToDouble())), sink.Rows[^1].GradNorm!.Value, 10);
        Assert.True(sink.Rows[^1].Loss < sink.Rows[0].Loss);
        Assert.Equal((StopReason.Converged, sink.Rows.Count), (report.StopReason, report.Iterations));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(20)]
    public void Run_MaxEvaluationsReached_StopsTheStageWithThatReason(int cap)
    {
        // The capped run follows the uncapped one exactly and ends early, saying why and after how many evaluations.
        var free = new OptimizerSettings { Kind = OptimizerKind.Lbfgs, Epochs = 40, GradientTolerance = 0, ChangeTolerance = 0 };
        var (uncapped, _, _) = SmallLbfgsStage(free);
        var (capped, _, cappedReport) = SmallLbfgsStage(free with { MaxEvaluations = cap });

        Assert.True(capped.Rows.Count < uncapped.Rows.Count, $"{capped.Rows.Count} rows capped, {uncapped.Rows.Count} uncapped");
        Assert.Equal(uncapped.Rows.Take(capped.Rows.Count).Select(r => r.Loss), capped.Rows.Select(r => r.Loss));
        var notice = Assert.Single(capped.Notices, n => n.Contains("max_evaluations"));
        Assert.Contains($"(max_evaluations {cap})", notice);
        long evaluations = long.Parse(notice.Split("after ")[1].Split(' ')[0]);
        Assert.True(evaluations >= cap && evaluations < cap + 26, notice);   // the last iteration is finished: ≤ 1 + 25 trials
        Assert.Equal((StopReason.MaxEvaluations, evaluations), (cappedReport.StopReason, cappedReport.Evaluations));
    }

    [Fact]
    public void Run_Lbfgs_EachRowCountsItsEpochsEvaluations()
    {
        // The rows' counts add up to the stage's total, and a row counts what the optimiser made in its epoch: the first
        // holds the evaluation at the starting point beside its line search's trials, later ones only trials (≥ 1).
        var (sink, _, report) = SmallLbfgsStage(new OptimizerSettings { Kind = OptimizerKind.Lbfgs, Epochs = 30, GradientTolerance = 0, ChangeTolerance = 0 });
        Assert.All(sink.Rows, r => Assert.True(r.Evaluations >= 1, $"iteration {r.Epoch}: {r.Evaluations} evaluations"));
        Assert.True(sink.Rows[0].Evaluations >= 2, $"{sink.Rows[0].Evaluations} evaluations in the first iteration");
        Assert.Equal(report.Evaluations, sink.Rows.Sum(r => (long)r.Evaluations!.Value));
        Assert.True(report.Evaluations > sink.Rows.Count, $"{report.Evaluations} evaluations, {sink.Rows.Count} rows");
    }

    [Fact]
    public void Lbfgs_MaxEvaluations_CountsEveryEvaluationAndReportsTheReason()
    {
        var p = new TorchSharp.Modules.Parameter(tensor(new[] { -1.2, 1.0 }));
        var lbfgs = new Lbfgs([p], new OptimizerSettings { Kind = OptimizerKind.Lbfgs, MaxEvaluations = 10, GradientTolerance = 0, ChangeTolerance = 0 });
        int calls = 0;
        Tensor Rosenbrock()
        {
            calls++;
            p.grad = null;
            var f = (1 - p[0]).square() + 100 * (p[1] - p[0].square()).square();
            f.backward();
            return f.detach();
        }
        var before = new List<int>();
        while (lbfgs.StopReason is null) { before.Add(calls); lbfgs.Step(Rosenbrock); }
        Assert.Equal(calls, lbfgs.Evaluations);
        Assert.Equal(StopReason.MaxEvaluations, lbfgs.StopReason);
        Assert.True(calls >= 10 && before[^1] < 10, $"{calls} evaluations, {before[^1]} before the last step");
    }

    /// <summary>A stage ends by its budget or by early stopping (the optimiser's own reasons are tested above), and the report says which, with its iterations and the
    /// optimiser's evaluations (gradient descent: exactly one per step).</summary>
    [Fact]
    public void Run_StopReasons_EpochsEarlyStoppingAndEvaluationsCounted()
    {
        var g = new Generator(3);
        var x = rand(new long[] { 30, 6 }, dtype: ScalarType.Float64, generator: g);
        var validation = rand(new long[] { 30, 6 }, dtype: ScalarType.Float64, generator: g);
        StageReport Train(OptimizerSettings optimizer, int? patience) => new TrainingLoop
        {
            Stage = new PretrainStage(1),
            Objective = new AutoencoderObjective(new SparseAutoencoder(6, 3, Activation.Sigmoid, Activation.Sigmoid, new Generator(4), ScalarType.Float64), new SparseAutoencoderLossOptions()),
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
