using TorchAe.Data;
using TorchAe.Losses;
using TorchAe.Training;
using TorchAe.Training.Experiment;
using TorchAe.Training.Optimizers;

namespace TorchAe.Presets;

/// <summary>The experiments researchers run with one command. Each is a plain <see cref="ExperimentConfig"/>, printed by
/// <c>--print-config</c> and reproduced by <c>torchae train --config</c>.</summary>
public static class ExperimentPresets
{
    /// <summary>The lecture: 30×30 shapes, 1000 training images (+ 1000 held out), 900 → 100 (β 4, ρ 0.05) → 50 → 4,
    /// softmax head, fine-tuning. L-BFGS with line search in every stage (UFLDL's choice), keeping 20 correction pairs
    /// rather than minFunc's 100, for cost: an iteration reads the m pairs twice (4·m·n numbers), memory-bound work that
    /// at m = 100 outweighed the objective and its gradient on 1000 images (docs/benchmarks.md, "What helped"); Nocedal and
    /// Wright (Numerical Optimization, 7.2) give 3-20 as usually enough. Fine-tuning stops after 40 iterations, where the
    /// mean validation accuracy was highest, chosen on validation data only, and 100 pairs did no better there
    /// (docs/results.md, "Protocol", has the measurements). The test images played no part in either choice.</summary>
    public static ExperimentConfig Shapes() => new()
    {
        Name = "shapes",
        Seed = 1,
        Data = new DataOptions { Source = DataSource.Shapes, TrainCount = 1000, TestCount = 1000 },
        Pipeline = new PipelineSpec
        {
            Layers =
            [
                Sparse(100, rho: 0.05, beta: 4, alpha: 1e-4),
                Sparse(50, rho: 0.05, beta: 4, alpha: 1e-4),
            ],
            Pretrain = Lbfgs(200, history: 20),
            Classifier = Lbfgs(100, history: 20),
            ClassifierLambda = 1e-4,
            FineTuning = Lbfgs(40, history: 20),
        },
    };

    /// <summary>UFLDL's stacked autoencoder exercise: 784 → 200 → 200 → 10, ρ 0.1, λ 3e-3, β 3, L-BFGS 400 iterations per
    /// layer, all 60,000 training images, tested on the 10,000.</summary>
    public static ExperimentConfig Mnist(IReadOnlyList<string> folder) => new()
    {
        Name = "mnist",
        Seed = 1,
        Data = new DataOptions { Source = DataSource.Mnist, Paths = folder, TrainCount = null, TestCount = null },
        Pipeline = new PipelineSpec
        {
            Layers =
            [
                Sparse(200, rho: 0.1, beta: 3, alpha: 3e-3),
                Sparse(200, rho: 0.1, beta: 3, alpha: 3e-3),
            ],
            Pretrain = Lbfgs(400),
            Classifier = Lbfgs(100),
            ClassifierLambda = 1e-4,
            FineTuning = Lbfgs(400),
            Settings = new StageSettings { EvaluateEvery = 20 },
        },
    };

    /// <summary>The sparse-coding experiment (UFLDL's sparse autoencoder exercise): 10,000 patches of 8×8 from natural
    /// images, 64 → 25, ρ 0.01, β 3, λ 1e-4, L-BFGS 400 iterations; the hidden units become edge detectors.</summary>
    public static ExperimentConfig Patches(IReadOnlyList<string> images) => new()
    {
        Name = "patches",
        Seed = 1,
        Data = new DataOptions { Source = DataSource.Patches, Paths = images, TrainCount = 10_000, TestCount = null, PatchSize = 8 },
        Pipeline = new PipelineSpec
        {
            Layers = [Sparse(25, rho: 0.01, beta: 3, alpha: 1e-4)],
            Pretrain = Lbfgs(400),
            FineTune = false,
        },
    };

    /// <summary>A sigmoid sparse autoencoder layer with the default objective `mean` (UFLDL's J, normalised by 1/R; the
    /// lecture's E is `sum`, docs/math.md).</summary>
    static LayerSpec Sparse(int hidden, double rho, double beta, double alpha) =>
        new() { Hidden = hidden, Loss = new SparseAutoencoderLossOptions { TargetActivation = rho, SparsityWeight = beta, WeightDecay = alpha } };

    /// <summary>Full-batch L-BFGS with line search for <paramref name="iterations"/>, keeping <paramref name="history"/>
    /// correction pairs (minFunc's and PyTorch's default 100).</summary>
    static OptimizerSettings Lbfgs(int iterations, int history = 100) =>
        new() { Kind = OptimizerKind.Lbfgs, Epochs = iterations, History = history };
}
