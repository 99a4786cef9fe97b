using TorchAe.Kernels;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace TorchAe.Models;

/// <summary>The lecture's three-layer autoencoder N → H → N: Y = φ(X W1ᵀ + b1), Z = ψ(Y W2ᵀ + b2).
/// Parameters are named <c>encoder.weight</c> (H, N), <c>encoder.bias</c>, <c>decoder.weight</c> (N, H), <c>decoder.bias</c>;
/// a tied autoencoder (W2 = W1ᵀ, <see cref="TiedDecoder"/>) has no <c>decoder.weight</c>.</summary>
public sealed class SparseAutoencoder : Module<Tensor, (Tensor Hidden, Tensor Reconstruction)>
{
    readonly Linear encoder;
    readonly Module<Tensor, Tensor> decoder;   // Linear, or TiedDecoder when tied

    /// <summary>An N → H → N autoencoder with φ = <paramref name="encoderActivation"/> (sigmoid or tanh) and ψ = <paramref name="decoderActivation"/>, initialised as <paramref name="weightInit"/> says (UFLDL's by default: W1, W2 uniform in ±√(6 / (N + H + 1)) from <paramref name="generator"/>, zero biases). <paramref name="tied"/>: W2 = W1ᵀ, only W1 is drawn.</summary>
    public SparseAutoencoder(int inputSize, int hiddenSize, Activation encoderActivation, Activation decoderActivation,
        Generator generator, ScalarType dtype = ScalarType.Float32, Device? device = null, bool tied = false, WeightInit weightInit = WeightInit.Ufldl)
        : base(nameof(SparseAutoencoder))
    {
        Options.Check.Positive(inputSize, "input size");
        Options.Check.Positive(hiddenSize, "hidden size");
        if (encoderActivation == Activation.Linear)
            throw new Options.OptionException("encoder activation", "linear", "one of sigmoid, tanh");
        InputSize = inputSize;
        HiddenSize = hiddenSize;
        EncoderActivation = encoderActivation;
        DecoderActivation = decoderActivation;
        Tied = tied;
        encoder = Linear(inputSize, hiddenSize, dtype: dtype, device: device);
        if (tied)
        {
            UfldlInit.Autoencoder(encoder, null, generator, weightInit);
            decoder = new TiedDecoder(encoder);
        }
        else
        {
            var untied = Linear(hiddenSize, inputSize, dtype: dtype, device: device);
            UfldlInit.Autoencoder(encoder, untied, generator, weightInit);
            decoder = untied;
        }
        RegisterComponents();
    }

    /// <summary>N, the number of input (and output) units.</summary>
    public int InputSize { get; }
    /// <summary>H, the number of hidden units.</summary>
    public int HiddenSize { get; }
    /// <summary>φ, the hidden units' non-linearity.</summary>
    public Activation EncoderActivation { get; }
    /// <summary>ψ, the output units' non-linearity.</summary>
    public Activation DecoderActivation { get; }

    /// <summary>Whether W2 = W1ᵀ (tied weights: the decoder has a bias of its own and no weight).</summary>
    public bool Tied { get; }

    /// <summary>The encoder layer (W1, b1); the stack takes it over after pretraining.</summary>
    public Linear Encoder => encoder;
    /// <summary>The decoder layer, P3 = Y W2ᵀ + b2: a <c>Linear</c>, or a <see cref="TiedDecoder"/> when tied.</summary>
    public Module<Tensor, Tensor> Decoder => decoder;
    /// <summary>W2, (N, H): the decoder's weight, or a view of W1ᵀ when tied.</summary>
    public Tensor DecoderWeight => decoder is TiedDecoder t ? t.Weight : ((Linear)decoder).weight;
    /// <summary>b2, (N).</summary>
    public Parameter DecoderBias => decoder is TiedDecoder t ? t.Bias : ((Linear)decoder).bias!;
    /// <summary>The weight parameters the decay Ω covers, each once: W1 and W2, or W1 alone when tied.</summary>
    public IReadOnlyList<Parameter> Weights => decoder is Linear d ? [encoder.weight, d.weight] : [encoder.weight];

    /// <summary>(R, N) → (R, H) hidden code and (R, N) reconstruction.</summary>
    public override (Tensor Hidden, Tensor Reconstruction) forward(Tensor input)
    {
        var hidden = Encode(input);
        return (hidden, Decode(hidden));
    }

    /// <summary>Y = φ(X W1ᵀ + b1), (R, N) → (R, H).</summary>
    public Tensor Encode(Tensor input) => EncoderActivation.Apply(encoder.call(input));

    /// <summary>Z = ψ(Y W2ᵀ + b2), (R, H) → (R, N).</summary>
    public Tensor Decode(Tensor hidden) => DecoderActivation.Apply(decoder.call(hidden));
}
