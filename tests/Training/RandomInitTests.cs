using TorchAe.Models;
using TorchAe.Training;
using TorchAe.Training.Optimizers;
using static TorchSharp.torch;

namespace TorchAe.Tests.Training;

/// <summary>The random-init arm, the per-layer gradient norms and the test reconstruction RMSE of the pipeline, on a
/// 36 → 12 → 6 → 4 stack in float64.</summary>
public sealed class RandomInitTests
{
    const ulong Seed = 5;
    static readonly LayerSpec[] Layers = [new() { Hidden = 12 }, new() { Hidden = 6 }];

    /// <summary>4 classes of 36-pixel vectors: a class prototype plus noise, in [0, 1].</summary>
    static (TrainingData Train, TrainingData Test) Data()
    {
        var g = new Generator(99);
        var prototypes = rand(new long[] { 4, 36 }, dtype: ScalarType.Float64, generator: g).gt(0.5).to(ScalarType.Float64);
        TrainingData Make(int n)
        {
            var labels = arange(n, dtype: ScalarType.Int64) % 4;
            var x = prototypes.index_select(0, labels) * 0.8 + rand(new long[] { n, 36 }, dtype: ScalarType.Float64, generator: g) * 0.2;
            return new TrainingData(x, labels);
        }
        return (Make(60), Make(30));
    }

    static PipelineResult Run(Initialization init, OptimizerSettings fineTuning, RecordingSink sink)
    {
        var (train, test) = Data();
        var few = new OptimizerSettings { Epochs = 8 };
        return new GreedyPipeline
        {
            Spec = new PipelineSpec { Init = init, Layers = Layers, Pretrain = few, Classifier = few, FineTuning = fineTuning },
            Train = train, Test = test, Classes = 4, Seed = Seed, Sink = sink,
        }.Run();
    }

    [Fact]
    public void Run_RandomInit_TrainsOnlyTheStackWithTheFineTuningBudget()
    {
        var sink = new RecordingSink();
        var result = Run(Initialization.Random, new OptimizerSettings { Epochs = 7 }, sink);
        Assert.Equal(["finetune"], sink.Rows.Select(r => r.Stage).Distinct());
        Assert.Equal(7, sink.Rows.Count);
        var stage = Assert.Single(result.Stages);
        Assert.Equal(("finetune", 7), (stage.Stage, stage.Iterations));
        Assert.Null(result.AccuracyBeforeFineTune);
        Assert.NotNull(result.AccuracyAfterFineTune);
        Assert.Empty(result.Autoencoders);
        Assert.Empty(result.Units);
        Assert.Equal([null, null], result.LayerTestRmse);
    }

    /// <summary>Full-batch gradient descent evaluates epoch 1 at the initial weights: the recorded norms must be those of
    /// the hand-derived backprop (an independent computation) on a stack built from the same seed — which also shows the
    /// random arm starts from the network's own initialisation (same rule, same generator order).</summary>
    [Fact]
    public void GradientNorms_RandomInitEpoch1_AreTheHandGradientsNormsPerLayer()
    {
        var sink = new RecordingSink();
        Run(Initialization.Random, new OptimizerSettings { Kind = OptimizerKind.Gd, Epochs = 2, LearningRate = 0.5 }, sink);

        var (train, _) = Data();
        using var models = new RunModels(36, Layers, 4, new Generator(Seed), ScalarType.Float64, CPU);
        var stack = models.Stack();
        var hand = TorchAe.Gradients.HandClassifier.Stack(stack, train.Inputs, train.Targets!, 1e-4, 0).Gradients;
        double Norm(string name) => hand[name].square().sum().sqrt().ToDouble();
        var expected = new[]
        {
            (1, Norm("encoders.0.weight"), Norm("encoders.0.bias")),
            (2, Norm("encoders.1.weight"), Norm("encoders.1.bias")),
            (3, Norm("classifier.weight"), Norm("classifier.bias")),
        };
        var epoch1 = sink.Gradients.Where(g => g.Epoch == 1).ToList();
        Assert.Equal([1, 2, 3], epoch1.Select(g => g.Layer));
        Assert.All(epoch1, g => Assert.Equal("finetune", g.Stage));
        foreach (var (row, (layer, weights, bias)) in epoch1.Zip(expected))
        {
            Assert.Equal(layer, row.Layer);
            Assert.Equal(weights, row.GradNormWeights, weights * 1e-9);
            Assert.Equal(bias, row.GradNormBias, bias * 1e-9);
        }
        // The layers' squares add up to the whole gradient's norm in metrics.csv, every epoch.
        foreach (var metrics in sink.Rows)
        {
            var rows = sink.Gradients.Where(g => g.Epoch == metrics.Epoch).ToList();
            Assert.Equal(metrics.GradNorm!.Value, Math.Sqrt(rows.Sum(g => g.GradNormWeights * g.GradNormWeights + g.GradNormBias * g.GradNormBias)), 1e-12);
        }
    }

    [Fact]
    public void GradientNorms_Pretrained_ComeOnlyFromFineTuning()
    {
        var sink = new RecordingSink();
        Run(Initialization.Pretrained, new OptimizerSettings { Epochs = 3 }, sink);
        Assert.Equal(["finetune"], sink.Gradients.Select(g => g.Stage).Distinct());
        Assert.Equal(3 * 3, sink.Gradients.Count);
    }

    /// <summary>Layer 2's test RMSE recomputed by hand: the test set through frozen autoencoder 1's encoder, then
    /// autoencoder 2's reconstruction of that code, squared errors summed in plain doubles.</summary>
    [Fact]
    public void LayerTestRmse_Pretrained_IsEachAutoencodersErrorOnTheTestCodes()
    {
        var result = Run(Initialization.Pretrained, new OptimizerSettings { Epochs = 3 }, new RecordingSink());
        var (_, test) = Data();
        using var _ = no_grad();
        double Rmse(SparseAutoencoder ae, Tensor x)
        {
            var inputs = x.data<double>().ToArray();
            var outputs = ae.call(x).Reconstruction.data<double>().ToArray();
            double sum = 0;
            for (int i = 0; i < inputs.Length; i++) sum += (inputs[i] - outputs[i]) * (inputs[i] - outputs[i]);
            return Math.Sqrt(sum / inputs.Length);
        }
        var code1 = result.Autoencoders[0].Encode(test.Inputs);
        Assert.Equal(Rmse(result.Autoencoders[0], test.Inputs), result.LayerTestRmse[0]!.Value, 1e-12);
        Assert.Equal(Rmse(result.Autoencoders[1], code1), result.LayerTestRmse[1]!.Value, 1e-12);
        Assert.NotEqual(result.LayerTestRmse[0], result.LayerTestRmse[1]);
    }
}
