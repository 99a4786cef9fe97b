using TorchAe.Data;
using TorchAe.Kernels;
using TorchAe.Losses;
using TorchAe.Models;
using TorchAe.Training;
using TorchAe.Training.Objectives;
using TorchAe.Training.Optimizers;
using static TorchSharp.torch;

namespace TorchAe.Benchmarks;

/// <summary>One workload's model, random data and stage objective in one dtype on one device, trained by
/// <see cref="TrainingLoop"/> with Adam (SdA layers: plain SGD, and their noise from a generator of its own) from one gradient source. Successive runs continue from the weights the last one
/// left. Weights, data and shuffles are drawn on the CPU from seeded generators (CPU generators only make CPU tensors),
/// so every device trains the same numbers.</summary>
sealed class BenchmarkSubject : IDisposable
{
    readonly IStageObjective objective;
    readonly Stage stage;
    readonly IDisposable model;
    readonly TrainingData data;
    readonly BenchmarkSettings settings;
    readonly int batch;
    readonly Generator shuffle, noise;
    readonly Device device;
    readonly bool sda;

    public BenchmarkSubject(BenchmarkWorkload workload, GradientSource source, ScalarType dtype, int batch, BenchmarkSettings settings, Device device)
    {
        Source = source;
        this.batch = batch;
        this.settings = settings;
        this.device = device;
        var generator = new Generator(settings.Seed);
        (stage, objective, model) = Build(workload, dtype, generator, device);
        var inputs = OnDevice(rand(new long[] { settings.Samples, workload.InputSize }, dtype: dtype, generator: generator), device);
        var targets = workload.Kind == WorkloadKind.Autoencoder ? null
            : OnDevice(randint(workload.Sizes[^1], new long[] { settings.Samples }, generator: generator), device);
        data = new TrainingData(inputs, targets);
        shuffle = new Generator(settings.Seed + 1);
        noise = new Generator(settings.Seed + 2);
        sda = workload.Kind == WorkloadKind.Denoising;
    }

    /// <summary>A tensor drawn on the CPU, out of every dispose scope, on <paramref name="device"/>: the tensor itself on
    /// the CPU, else a copy (and the CPU one released).</summary>
    internal static Tensor OnDevice(Tensor cpu, Device device)
    {
        if (device.type == DeviceType.CPU) return cpu.DetachFromDisposeScope();
        var moved = cpu.to(device).DetachFromDisposeScope();
        cpu.Dispose();
        return moved;
    }

    public GradientSource Source { get; }

    /// <summary>Trains <paramref name="epochs"/> timed epochs; returns the wall and CPU time of each, in seconds.</summary>
    public IEnumerable<(double Wall, double Cpu)> Run(int epochs)
    {
        // One extra epoch whose time is dropped: the classifier stages measure accuracy in their last epoch.
        var clock = new EpochClock([], device);
        Loop(epochs + 1, clock).Run();
        return clock.Seconds.Zip(clock.CpuSeconds).Take(epochs).ToList();
    }

    /// <summary>Trains <paramref name="epochs"/> epochs and returns VmRSS (MiB) after each of <paramref name="after"/>.</summary>
    public IReadOnlyDictionary<int, double> Rss(int epochs, IReadOnlyCollection<int> after)
    {
        var clock = new EpochClock(after, device);
        Loop(epochs, clock).Run();
        return clock.RssMb;
    }

    TrainingLoop Loop(int epochs, EpochClock clock) => new()
    {
        Stage = stage,
        Objective = objective,
        // The SdA protocol's pretraining: SGD, η = 0.001, no momentum
        Optimizer = sda ? new OptimizerSettings { Kind = OptimizerKind.Sgd, Epochs = epochs, BatchSize = batch, LearningRate = 1e-3, Momentum = 0 }
            : new OptimizerSettings { Kind = OptimizerKind.Adam, Epochs = epochs, BatchSize = batch, LearningRate = settings.LearningRate },
        Settings = new StageSettings { Gradients = Source, EvaluateEvery = 0 },
        Train = data,
        Sink = clock,
        Shuffle = shuffle,
        Noise = noise,
    };

    static (Stage, IStageObjective, IDisposable) Build(BenchmarkWorkload w, ScalarType dtype, Generator g, Device device)
    {
        const double SoftmaxLambda = 1e-4;   // UFLDL's λ_s
        switch (w.Kind)
        {
            case WorkloadKind.Autoencoder:
                var autoencoder = new SparseAutoencoder(w.Sizes[0], w.Sizes[1], Activation.Sigmoid, Activation.Sigmoid, g, dtype, device);
                return (new PretrainStage(1), new AutoencoderObjective(autoencoder, new SparseAutoencoderLossOptions()), autoencoder);
            case WorkloadKind.Denoising:
                var denoising = new SparseAutoencoder(w.Sizes[0], w.Sizes[1], Activation.Sigmoid, Activation.Sigmoid, g, dtype, device, tied: true);
                var sdaLoss = new SparseAutoencoderLossOptions { SparsityWeight = 0, WeightDecay = 0, Reconstruction = ReconstructionLoss.CrossEntropy };
                return (new PretrainStage(1), new AutoencoderObjective(denoising, sdaLoss, Corruption.Parse("mask:0.25")), denoising);
            case WorkloadKind.Softmax:
                var head = new SoftmaxClassifier(w.Sizes[0], w.Sizes[1], g, dtype, device);
                return (new ClassifierStage(1), new ClassifierObjective(head, SoftmaxLambda), head);
            default:
                // Encoders initialised as for pretraining (the stack takes over the encoder modules), then the head.
                var pretrained = Enumerable.Range(0, w.Sizes.Count - 2)
                    .Select(l => new SparseAutoencoder(w.Sizes[l], w.Sizes[l + 1], Activation.Sigmoid, Activation.Sigmoid, g, dtype, device)).ToList();
                var stack = new StackedAutoencoder(pretrained.Select(a => (a.Encoder, a.EncoderActivation)).ToList(),
                    new SoftmaxClassifier(w.Sizes[^2], w.Sizes[^1], g, dtype, device));
                foreach (var a in pretrained) a.Decoder.Dispose();
                return (new FineTuneStage(w.Sizes.Count - 2), new FineTuneObjective(stack, SoftmaxLambda, 0), stack);
        }
    }

    public void Dispose()
    {
        model.Dispose();
        data.Inputs.Dispose();
        data.Targets?.Dispose();
    }
}
