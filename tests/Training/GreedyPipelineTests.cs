using TorchAe.Data;
using TorchAe.Tests.Support;
using TorchAe.Training;
using TorchAe.Training.Optimizers;
using static TorchSharp.torch;

namespace TorchAe.Tests.Training;

public sealed class GreedyPipelineTests : IDisposable
{
    readonly TempFolder temp = new();
    string folder => temp.Path;

    public void Dispose() => temp.Dispose();

    /// <summary>4 classes of 36-pixel vectors: a class prototype plus noise, in [0, 1].</summary>
    static (TrainingData Train, TrainingData Test) Data(ScalarType dtype)
    {
        var g = new Generator(99);
        var prototypes = rand(new long[] { 4, 36 }, dtype: ScalarType.Float64, generator: g).gt(0.5).to(ScalarType.Float64);
        TrainingData Make(int n)
        {
            var labels = arange(n, dtype: ScalarType.Int64) % 4;
            var x = (prototypes.index_select(0, labels) * 0.8 + rand(new long[] { n, 36 }, dtype: ScalarType.Float64, generator: g) * 0.2).to(dtype);
            return new TrainingData(x, labels);
        }
        return (Make(80), Make(40));
    }

    static PipelineSpec Spec(OptimizerKind kind, string corruption = "none") => new()
    {
        Layers = [new LayerSpec { Hidden = 12, Corruption = Corruption.Parse(corruption) }, new LayerSpec { Hidden = 6, Corruption = Corruption.Parse(corruption) }],
        Pretrain = new OptimizerSettings { Kind = kind, Epochs = 12, BatchSize = kind == OptimizerKind.Adam ? 16 : 0, LearningRate = kind == OptimizerKind.Adam ? 0.01 : 1 },
        Classifier = new OptimizerSettings { Kind = kind, Epochs = 12, BatchSize = kind == OptimizerKind.Adam ? 16 : 0, LearningRate = kind == OptimizerKind.Adam ? 0.05 : 1 },
        FineTuning = new OptimizerSettings { Kind = kind, Epochs = 12, BatchSize = kind == OptimizerKind.Adam ? 16 : 0, LearningRate = kind == OptimizerKind.Adam ? 0.01 : 1 },
        Settings = new StageSettings { CheckpointEvery = 5 },
    };

    GreedyPipeline Pipeline(OptimizerKind kind, IMetricsSink sink, string? run, CancellationToken token = default, string corruption = "none")
    {
        var (train, test) = Data(ScalarType.Float32);
        return new GreedyPipeline
        {
            Spec = Spec(kind, corruption), Train = train, Test = test, Classes = 4, Seed = 5, Sink = sink,
            Checkpoints = run is null ? null : new CheckpointStore(run), Cancellation = token,
        };
    }

    [Fact]
    public void Run_ToyData_LearnsAndReportsEveryStage()
    {
        var sink = new RecordingSink();
        var result = Pipeline(OptimizerKind.Lbfgs, sink, null).Run();
        Assert.Equal(new[] { "pretrain", "classifier", "finetune" }, sink.Rows.Select(r => r.Stage).Distinct());
        Assert.Equal(new[] { 1, 2 }, sink.Rows.Where(r => r.Stage == "pretrain").Select(r => r.Layer).Distinct());
        Assert.True(result.AccuracyAfterFineTune >= 0.9, $"accuracy after fine-tuning {result.AccuracyAfterFineTune}");
        Assert.Equal(40, result.TestSamples);
        Assert.Equal(40, result.Confusion!.Cast<int>().Sum());
        Assert.Equal(2, result.Units.Count);
        Assert.Equal(12, result.Units[0].Count);
    }

    /// <summary>Logs rows, pending and written checkpoints, and at each pending one what the checkpoint on disk counts.</summary>
    sealed class CheckpointOrderSink(string run) : IMetricsSink
    {
        public List<string> Log { get; } = new();
        public int Rows { get; private set; }
        public void Epoch(EpochMetrics metrics) { Rows++; Log.Add("row"); }
        public void CheckpointPending()
        {
            var store = new CheckpointStore(run);
            // The checkpoint on disk is still the previous one: it counts fewer rows than have been reported.
            if (store.Exists) Assert.True(store.Read().MetricsRows < Rows, $"checkpoint counts {store.Read().MetricsRows} of {Rows} rows before it is written");
            Log.Add("pending");
        }
        public void CheckpointWritten(int completedStages, int epoch) => Log.Add("written");
    }

    [Fact]
    public void Run_EveryCheckpoint_IsAnnouncedToTheSinkBeforeItIsWritten()
    {
        var run = Path.Combine(folder, "order");
        var sink = new CheckpointOrderSink(run);
        Pipeline(OptimizerKind.Lbfgs, sink, run).Run();
        var checkpoints = sink.Log.Select((e, i) => (e, i)).Where(x => x.e == "written").Select(x => x.i).ToList();
        Assert.True(checkpoints.Count >= 4, $"{checkpoints.Count} checkpoints");   // one per stage at least
        Assert.All(checkpoints, i => Assert.Equal("pending", sink.Log[i - 1]));
        Assert.Equal(checkpoints.Count, sink.Log.Count(e => e == "pending"));
        Assert.Equal(sink.Rows, new CheckpointStore(run).Read().MetricsRows);
    }

    [Theory]
    [InlineData(OptimizerKind.Lbfgs, 9)]
    [InlineData(OptimizerKind.Lbfgs, 27)]
    [InlineData(OptimizerKind.Adam, 30)]
    // Denoising stages: stopped inside layer 1 (rows 1–12) and layer 2; adam redraws X̃ every mini-batch, L-BFGS once per stage.
    [InlineData(OptimizerKind.Adam, 7, "mask:0.25")]
    [InlineData(OptimizerKind.Adam, 19, "gaussian:0.1")]
    [InlineData(OptimizerKind.Lbfgs, 9, "saltpepper:0.1")]
    public void Run_InterruptedThenResumed_EqualsUninterrupted(OptimizerKind kind, int stopAfterRows, string corruption = "none")
    {
        var whole = new RecordingSink();
        var expected = Pipeline(kind, whole, null, corruption: corruption).Run();

        var run = Path.Combine(folder, $"{kind}-{stopAfterRows}");
        using var cancel = new CancellationTokenSource();
        var first = new StoppingSink(stopAfterRows, cancel);
        Assert.Throws<OperationCanceledException>(() => Pipeline(kind, first, run, cancel.Token, corruption).Run());

        var store = new CheckpointStore(run);
        var checkpoint = store.Load();
        var state = checkpoint.State;
        var second = new RecordingSink();
        var resumed = Pipeline(kind, second, run, corruption: corruption).Run(checkpoint);

        var rows = first.Rows.Take(state.MetricsRows).Concat(second.Rows).Select(r => r with { Seconds = 0 }).ToList();
        Assert.Equal(whole.Rows.Select(r => r with { Seconds = 0 }), rows);
        Assert.Equal(expected.AccuracyAfterFineTune, resumed.AccuracyAfterFineTune);
        foreach (var ((name, a), (_, b)) in expected.Stack!.named_parameters().Zip(resumed.Stack!.named_parameters()))
            Assert.True(a.Equals(b), $"{name} differs after resume");
    }

    /// <summary>A denoising run draws X̃ from its own generator: the pretraining rows change (the model reads corrupted
    /// inputs), yet the shuffles do not (the first adam epoch without noise and with ν = 0 are the same bits), and a seed
    /// gives the same rows twice.</summary>
    [Fact]
    public void Run_Corruption_ChangesPretrainingOnly_AndASeedRepeatsIt()
    {
        List<EpochMetrics> Rows(string corruption)
        {
            var sink = new RecordingSink();
            Pipeline(OptimizerKind.Adam, sink, null, corruption: corruption).Run();
            return sink.Rows.Select(r => r with { Seconds = 0 }).ToList();
        }
        var clean = Rows("none");
        Assert.Equal(clean, Rows("mask:0"));
        var masked = Rows("mask:0.25");
        Assert.Equal(masked, Rows("mask:0.25"));
        Assert.NotEqual(clean[0].Loss, masked[0].Loss);
        Assert.NotEqual(masked, Rows("saltpepper:0.25"));
    }

    /// <summary>The contraction column carries the contractive term of layers with λ_c > 0: the row's loss is the sum of its
    /// terms, and layers without the penalty (and the supervised stages) leave it empty.</summary>
    [Fact]
    public void Run_Contraction_IsItsOwnColumnAndATermOfTheLoss()
    {
        var (train, test) = Data(ScalarType.Float64);
        var spec = Spec(OptimizerKind.Lbfgs);
        spec = spec with { Layers = [spec.Layers[0] with { Loss = spec.Layers[0].Loss with { Contraction = 0.1 } }, spec.Layers[1]] };
        var sink = new RecordingSink();
        new GreedyPipeline { Spec = spec, Train = train, Test = test, Classes = 4, Seed = 5, Sink = sink }.Run();
        var layer1 = sink.Rows.Where(r => r.Stage == PretrainStage.Id && r.Layer == 1).ToList();
        Assert.All(layer1, r => Assert.True(r.Terms["contraction"] > 0, $"epoch {r.Epoch}: contraction {r.Terms["contraction"]}"));
        Assert.All(layer1, r => Assert.Equal(r.Loss, r.Terms["reconstruction"]!.Value + r.Terms["weight_decay"]!.Value + r.Terms["sparsity"]!.Value + r.Terms["contraction"]!.Value, 1e-12));
        Assert.All(sink.Rows.Where(r => !(r.Stage == PretrainStage.Id && r.Layer == 1)), r => Assert.Null(r.Terms["contraction"]));
    }

    [Fact]
    public void Run_AccuracyBeforeFineTune_IsThatOfTheStackBeforeFineTuning()
    {
        var (_, test) = Data(ScalarType.Float32);
        var fineTuned = Pipeline(OptimizerKind.Lbfgs, new RecordingSink(), null).Run();
        var (train, _) = Data(ScalarType.Float32);
        var withoutFineTune = new GreedyPipeline
        {
            Spec = Spec(OptimizerKind.Lbfgs) with { FineTune = false }, Train = train, Test = test, Classes = 4, Seed = 5, Sink = new RecordingSink(),
        }.Run();

        // By hand: argmax of the un-fine-tuned stack's logits against the labels.
        using var _ = no_grad();
        var predicted = withoutFineTune.Stack!.call(test.Inputs).argmax(1);
        double byHand = predicted.eq(test.Targets!).sum().ToInt64() / (double)test.Count;
        Assert.Equal(byHand, fineTuned.AccuracyBeforeFineTune);
        Assert.Equal(byHand, withoutFineTune.AccuracyBeforeFineTune);
        Assert.NotEqual(fineTuned.AccuracyBeforeFineTune, fineTuned.AccuracyAfterFineTune);
    }

    [Fact]
    public void Run_FineTuning_UpdatesThePretrainedEncodersThemselves_KeepsFrozenCopies()
    {
        var fineTuned = Pipeline(OptimizerKind.Lbfgs, new RecordingSink(), null).Run();
        var (train, test) = Data(ScalarType.Float32);
        var withoutFineTune = new GreedyPipeline
        {
            Spec = Spec(OptimizerKind.Lbfgs) with { FineTune = false }, Train = train, Test = test, Classes = 4, Seed = 5, Sink = new RecordingSink(),
        }.Run();

        // The kept autoencoders are as pretraining left them (the same in both runs); the stack's encoders moved on.
        for (int l = 0; l < 2; l++)
        {
            Assert.True(fineTuned.Autoencoders[l].Encoder.weight.Equals(withoutFineTune.Autoencoders[l].Encoder.weight), $"layer {l + 1}'s kept copy moved");
            Assert.False(fineTuned.Stack!.Encoders[l].weight.Equals(fineTuned.Autoencoders[l].Encoder.weight), $"layer {l + 1} was not fine-tuned");
        }
    }

    [Fact]
    public void RunModels_Stack_SharesTheTrainedModulesAndItsStateDictHoldsEveryModel()
    {
        var models = new RunModels(36, Spec(OptimizerKind.Lbfgs).Layers, 4, new Generator(5), ScalarType.Float32, CPU);
        var stack = models.Stack();
        Assert.Same(models.Autoencoders[0].Encoder, stack.Encoders[0]);
        Assert.Same(models.Autoencoders[1].Encoder, stack.Encoders[1]);
        Assert.Same(models.Classifier, stack.Classifier);
        Assert.Contains("autoencoders.1.decoder.weight", models.state_dict().Keys);
        Assert.Contains("pretrained.0.encoder.weight", models.state_dict().Keys);
        Assert.Contains("classifierBeforeFineTune.weight", models.state_dict().Keys);
        Assert.All(models.Pretrained.SelectMany(m => m.parameters()), p => Assert.False(p.requires_grad));
    }

    sealed class StoppingSink(int after, CancellationTokenSource cancel) : IMetricsSink
    {
        public List<EpochMetrics> Rows { get; } = new();
        public void Epoch(EpochMetrics metrics)
        {
            Rows.Add(metrics);
            if (Rows.Count == after) cancel.Cancel();
        }
    }
}
