using TorchAe.Data;
using TorchAe.Data.Sets;
using TorchAe.Losses;
using TorchAe.Models;
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

    /// <summary>Vincent et al. 2010's stacked denoising autoencoder (SdA-3, their Table 3) as the Theano tutorial runs it:
    /// MNIST's 60,000 training images, the first 50,000 to train and the last 10,000 to validate (no draw), tested on the
    /// 10,000; 784 → 1000 → 1000 → 1000 sigmoid units, each autoencoder with tied weights, its own visible bias and the
    /// cross-entropy reconstruction (summed over inputs, mean over the batch), no sparsity (β 0) and no decay (α 0); masking
    /// noise ν = 0.25 in every layer (the level Table 3 reports for MNIST, chosen there on this same validation split);
    /// plain SGD (no momentum), batch 1: pretraining 15 epochs per layer at η 0.001, then the softmax head on the frozen
    /// third code for one epoch and end-to-end fine-tuning at η 0.1 for up to 1000 epochs, stopped after 10 epochs without
    /// a better validation loss (the best weights kept). <c>--corruption none</c> is their SAA-3.</summary>
    public static ExperimentConfig Sda(IReadOnlyList<string> folder) => new()
    {
        Name = "sda",
        Seed = 1,
        Data = new DataOptions
        {
            Source = DataSource.Mnist, Paths = folder, TrainCount = null, TestCount = null,
            ValidationFraction = 1.0 / 6, ValidationSplit = ValidationSplit.Last,   // 60,000 → 50,000 + the last 10,000
        },
        Pipeline = new PipelineSpec
        {
            Layers = [Denoising(1000), Denoising(1000), Denoising(1000)],
            Pretrain = Sgd(15, 0.001),
            // The tutorial has no stage of its own for the head (its logistic layer starts at W = 0 and learns in
            // fine-tuning); here the head first learns one epoch on the frozen codes, at fine-tuning's η.
            Classifier = Sgd(1, 0.1),
            ClassifierLambda = 0,
            FineTuning = Sgd(1000, 0.1),
            // Patience follows the validation error, as the tutorial's does (its cross-entropy bottoms out epochs earlier).
            Settings = new StageSettings { EarlyStoppingPatience = 10, EarlyStoppingMetric = EarlyStoppingMetric.Error },
        },
    };

    /// <summary>A denoising autoencoder layer of the SdA: tied weights, cross-entropy, masking ν = 0.25, β = α = 0, the
    /// tutorial's initial range ±4√(6 / (N + H)).</summary>
    static LayerSpec Denoising(int hidden) => new()
    {
        Hidden = hidden,
        Tied = true,
        WeightInit = WeightInit.GlorotSigmoid,
        Corruption = new Corruption(CorruptionKind.Mask, 0.25),
        Loss = new SparseAutoencoderLossOptions { SparsityWeight = 0, WeightDecay = 0, Reconstruction = ReconstructionLoss.CrossEntropy },
    };

    /// <summary>Plain SGD (momentum 0), batch size 1, for <paramref name="epochs"/> at η = <paramref name="rate"/>.</summary>
    static OptimizerSettings Sgd(int epochs, double rate) =>
        new() { Kind = OptimizerKind.Sgd, Epochs = epochs, LearningRate = rate, BatchSize = 1, Momentum = 0 };

    /// <summary>A sigmoid sparse autoencoder layer with the default objective `mean` (UFLDL's J, normalised by 1/R; the
    /// lecture's E is `sum`, docs/math.md).</summary>
    static LayerSpec Sparse(int hidden, double rho, double beta, double alpha) =>
        new() { Hidden = hidden, Loss = new SparseAutoencoderLossOptions { TargetActivation = rho, SparsityWeight = beta, WeightDecay = alpha } };

    /// <summary>Full-batch L-BFGS with line search for <paramref name="iterations"/>, keeping <paramref name="history"/>
    /// correction pairs (minFunc's and PyTorch's default 100).</summary>
    static OptimizerSettings Lbfgs(int iterations, int history = 100) =>
        new() { Kind = OptimizerKind.Lbfgs, Epochs = iterations, History = history };
}
