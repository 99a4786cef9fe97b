using TorchAe.Kernels;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace TorchAe.Models;

/// <summary>The lecture's cascade for classification: encoders N → H1 → … → HL (decoders discarded) and a softmax head.
/// Parameter names follow PyTorch conventions: <c>encoders.0.weight</c>, …, <c>classifier.weight</c>.</summary>
public sealed class StackedAutoencoder : Module<Tensor, Tensor>
{
    readonly ModuleList<Linear> encoders;
    readonly SoftmaxClassifier classifier;
    readonly Activation[] activations;

    /// <summary>The stack over <paramref name="layers"/> and <paramref name="head"/> themselves, not copies: training the
    /// stack (fine-tuning) updates the encoder modules it was built from.</summary>
    public StackedAutoencoder(IReadOnlyList<(Linear Layer, Activation Activation)> layers, SoftmaxClassifier head)
        : base(nameof(StackedAutoencoder))
    {
        if (layers.Count == 0) throw new Options.OptionException("layers", 0, "at least one encoder layer");
        for (int l = 1; l < layers.Count; l++)
        {
            long inSize = layers[l].Layer.weight.shape[1];
            if (inSize != layers[l - 1].Layer.weight.shape[0])
                throw new Options.OptionException($"layers[{l}] input size", inSize, $"{layers[l - 1].Layer.weight.shape[0]} (the previous layer's hidden size)");
        }
        encoders = new ModuleList<Linear>();
        foreach (var (layer, _) in layers) encoders.Add(layer);
        if (head.InputSize != layers[^1].Layer.weight.shape[0])
            throw new Options.OptionException("classifier input size", head.InputSize, $"{layers[^1].Layer.weight.shape[0]} (the last code size)");
        activations = layers.Select(l => l.Activation).ToArray();
        classifier = head;
        RegisterComponents();
    }

    /// <summary>The encoder layers (W_l, b_l), l = 1 … L; W_l is (H_l, H_{l−1}) with H_0 = N.</summary>
    public IList<Linear> Encoders => encoders;
    /// <summary>φ_l of each encoder layer.</summary>
    public IReadOnlyList<Activation> Activations => activations;
    /// <summary>The softmax head on the last code H_L.</summary>
    public SoftmaxClassifier Classifier => classifier;

    /// <summary>The last code, (R, N) → (R, HL).</summary>
    public Tensor Encode(Tensor input)
    {
        var code = input;
        for (int l = 0; l < encoders.Count; l++)
            code = activations[l].Apply(encoders[l].call(code));
        return code;
    }

    /// <summary>Logits (R, K).</summary>
    public override Tensor forward(Tensor input) => classifier.call(Encode(input));
}
