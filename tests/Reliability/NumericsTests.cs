using TorchAe.Kernels;
using TorchAe.Losses;
using TorchAe.Models;
using TorchAe.Tests.Support;
using TorchAe.Tests.Training;
using TorchAe.Training;
using TorchAe.Training.Objectives;
using TorchAe.Training.Optimizers;
using static TorchSharp.torch;

namespace TorchAe.Tests.Reliability;

/// <summary>Saturated units give finite losses and gradients; a NaN/∞ loss stops the run naming stage and epoch, with
/// exit code 1 and the last good checkpoint kept; large gradients are reported.</summary>
public sealed class NumericsTests
{
    /// <summary>Every hidden unit pinned at exactly 0 or exactly 1 in float32 (ρ̂ ∈ {0, 1}, where log ρ̂ or log(1 − ρ̂) would
    /// be −∞ without the clamp): the loss and every gradient stay finite, by autograd and by the hand-derived backprop.</summary>
    [Theory]
    [InlineData(-200.0, GradientSource.Autograd)]
    [InlineData(200.0, GradientSource.Autograd)]
    [InlineData(-200.0, GradientSource.Hand)]
    [InlineData(200.0, GradientSource.Hand)]
    public void Evaluate_SaturatedUnitsFloat32_LossAndGradientsFinite(double bias, GradientSource source)
    {
        var model = new SparseAutoencoder(6, 3, Activation.Sigmoid, Activation.Sigmoid, new Generator(4), ScalarType.Float32);
        using (no_grad()) model.Encoder.bias!.fill_(bias);
        var objective = new AutoencoderObjective(model, new SparseAutoencoderLossOptions { TargetActivation = 0.05, SparsityWeight = 3 });
        var x = rand(new long[] { 5, 6 }, dtype: ScalarType.Float32, generator: new Generator(5));

        var terms = objective.Evaluate(x, null, source);

        Assert.Equal(bias > 0 ? 1.0 : 0.0, terms.RhoHat!.to(ScalarType.Float64).mean().ToDouble(), 1e-12);
        Assert.True(double.IsFinite(terms.Loss.ToDouble()), $"loss {terms.Loss.ToDouble()}");
        Assert.True(terms.Terms!.Single(t => t.Name == "sparsity").Value.ToDouble() > 1, "KL far from ρ must be large");
        foreach (var p in objective.Parameters) Assert.True(p.grad!.isfinite().all().item<bool>(), "a gradient is not finite");
    }

    [Fact]
    public void Run_GradientAboveTheBar_IsReportedAsExploding()
    {
        var sink = new RecordingSink();
        var model = new SparseAutoencoder(20, 8, Activation.Sigmoid, Activation.Sigmoid, new Generator(2), ScalarType.Float64);
        new TrainingLoop
        {
            Stage = new PretrainStage(1),
            Objective = new AutoencoderObjective(model, new SparseAutoencoderLossOptions()),
            Optimizer = new OptimizerSettings { Kind = OptimizerKind.Gd, Epochs = 3 },
            Settings = new StageSettings { ExplodingGradientNorm = 1e-3 },
            Train = new TrainingData(rand(new long[] { 30, 20 }, dtype: ScalarType.Float64, generator: new Generator(3)), null),
            Sink = sink,
            Shuffle = new Generator(1),
        }.Run();
        Assert.Equal(3, sink.Notices.Count(n => n.StartsWith("pretrain layer 1 epoch ", StringComparison.Ordinal) && n.Contains(": exploding gradient, ‖∇J‖ = ")));
    }

    static readonly string[] Diverging =
    [
        "shapes", "--train-count", "40", "--test-count", "20", "--size", "12", "--hidden", "6,3", "--epochs", "5",
        "--optimizer", "gd", "--learning-rate", "1e30", "--threads", "1", "--quiet",
    ];

    [Fact]
    public void Run_LossBecomesInfinite_ExitsOneNamingStageAndEpoch_KeepsLastGoodCheckpoint()
    {
        using var temp = new TempFolder();
        var run = temp["run"];
        var (code, output, error) = ChildRun.Run(TimeSpan.FromSeconds(60), [.. Diverging, "--checkpoint-every", "1", "--out", run]);

        Assert.True(code == 1, $"exit code {code}; stdout {output}; stderr {error}");
        Assert.Equal($"torchae shapes: training diverged in pretrain layer 1 at epoch 2: loss is Infinity; the last good checkpoint " +
            $"(pretrain layer 1, stage 1 of 4, after epoch 1) is kept in {run}/checkpoint (lower the learning rate, or check the data for NaN/∞)\n", error);
        var state = new CheckpointStore(run).Read();
        Assert.Equal((0, 1, 1), (state.CompletedStages, state.Loop?.Epoch, state.MetricsRows));
        Assert.Single(ChildRun.MetricsRows(run));
        Assert.False(File.Exists(Path.Combine(run, "summary.json")), "a failed run must look incomplete");
    }

    [Fact]
    public void Run_DivergesBeforeAnyCheckpoint_SaysSo()
    {
        using var temp = new TempFolder();
        var run = temp["run"];
        var (code, _, error) = ChildRun.Run(TimeSpan.FromSeconds(60), [.. Diverging, "--out", run]);
        Assert.Equal(1, code);
        Assert.EndsWith("at epoch 2: loss is Infinity; no checkpoint had been written yet (lower the learning rate, or check the data for NaN/∞)\n", error);
        Assert.False(Directory.Exists(Path.Combine(run, "checkpoint")));
    }
}
