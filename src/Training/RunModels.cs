using TorchAe.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace TorchAe.Training;

/// <summary>Every model of a run in one module, so a checkpoint is its <c>state_dict()</c> and resuming is
/// <c>load_state_dict</c>. <see cref="Autoencoders"/> and <see cref="Classifier"/> are trained: pretraining trains the
/// autoencoders, the classifier stage the head, and fine-tuning updates the very same encoder and head modules through
/// <see cref="Stack"/>. <see cref="Pretrained"/> and <see cref="ClassifierBeforeFineTune"/> are frozen copies kept as
/// their stages left them: the pictures of each layer and the accuracy before fine-tuning come from them.</summary>
internal sealed class RunModels : Module
{
    readonly ModuleList<SparseAutoencoder> autoencoders = new();
    readonly SoftmaxClassifier classifier;
    readonly ModuleList<SparseAutoencoder> pretrained = new();
    readonly SoftmaxClassifier classifierBeforeFineTune;

    /// <summary>The trained models are drawn from <paramref name="init"/> in a fixed order (autoencoders 1..L, then the
    /// head), so a resumed run rebuilds them identically; the frozen copies draw from a generator of their own.</summary>
    public RunModels(int inputSize, IReadOnlyList<LayerSpec> layers, int classes, Generator init, ScalarType dtype, Device device)
        : base(nameof(RunModels))
    {
        var copies = new Generator(0);
        int size = inputSize;
        foreach (var layer in layers)
        {
            autoencoders.Add(new SparseAutoencoder(size, layer.Hidden, layer.Encoder, layer.Decoder, init, dtype, device, layer.Tied, layer.WeightInit));
            pretrained.Add(new SparseAutoencoder(size, layer.Hidden, layer.Encoder, layer.Decoder, copies, dtype, device, layer.Tied, layer.WeightInit));
            size = layer.Hidden;
        }
        classifier = new SoftmaxClassifier(size, classes, init, dtype, device);
        classifierBeforeFineTune = new SoftmaxClassifier(size, classes, copies, dtype, device);
        RegisterComponents();
        foreach (var p in pretrained.parameters().Concat(classifierBeforeFineTune.parameters())) p.requires_grad = false;
    }

    public IReadOnlyList<SparseAutoencoder> Autoencoders => autoencoders.ToList();
    public SoftmaxClassifier Classifier => classifier;
    public IReadOnlyList<SparseAutoencoder> Pretrained => pretrained.ToList();
    public SoftmaxClassifier ClassifierBeforeFineTune => classifierBeforeFineTune;

    /// <summary>Freezes a copy of autoencoder <paramref name="layer"/> (1-based) as pretraining left it.</summary>
    public void KeepPretrained(int layer) => Copy(autoencoders[layer - 1], pretrained[layer - 1]);

    /// <summary>Freezes a copy of the head as the classifier stage left it.</summary>
    public void KeepClassifier() => Copy(classifier, classifierBeforeFineTune);

    /// <summary>The trained encoders and head as one stack: its parameters ARE theirs (fine-tuning updates them).</summary>
    public StackedAutoencoder Stack() => new(autoencoders.Select(a => (a.Encoder, a.EncoderActivation)).ToList(), classifier);

    /// <summary>The stack as it stood before fine-tuning (frozen copies).</summary>
    public StackedAutoencoder StackBeforeFineTune() => new(pretrained.Select(a => (a.Encoder, a.EncoderActivation)).ToList(), classifierBeforeFineTune);

    /// <summary>The data encoded by the first <paramref name="depth"/> pretrained layers (0 = the data itself).</summary>
    public TrainingData? Codes(TrainingData? data, int depth)
    {
        if (data is null) return null;
        using var _ = no_grad();
        var x = data.Inputs;
        foreach (var autoencoder in Pretrained.Take(depth)) x = autoencoder.Encode(x);
        return new TrainingData(x, data.Targets);
    }

    static void Copy(Module from, Module to)
    {
        using var _ = no_grad();
        foreach (var ((_, source), (_, target)) in from.named_parameters().Zip(to.named_parameters())) target.copy_(source);
    }
}
