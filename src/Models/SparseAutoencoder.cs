using TorchAe.Kernels;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace TorchAe.Models;

/// <summary>The lecture's three-layer autoencoder N → H → N: Y = φ(X W1ᵀ + b1), Z = ψ(Y W2ᵀ + b2).
/// Parameters are named <c>encoder.weight</c> (H, N), <c>encoder.bias</c>, <c>decoder.weight</c> (N, H), <c>decoder.bias</c>.</summary>
public sealed class SparseAutoencoder : Module<Tensor, (Tensor Hidden, Tensor Reconstruction)>
{
    readonly Linear encoder;
    readonly Linear decoder;

    /// <summary>An N → H → N autoencoder with φ = <paramref name="encoderActivation"/> (sigmoid or tanh) and ψ = <paramref name="decoderActivation"/>, initialised as UFLDL does (W1, W2 uniform in ±√(6 / (N + H + 1)) from <paramref name="generator"/>, zero biases).</summary>
    public SparseAutoencoder(int inputSize, int hiddenSize, Activation encoderActivation, Activation decoderActivation,
        Generator generator, ScalarType dtype = ScalarType.Float32, Device? device = null)
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
        encoder = Linear(inputSize, hiddenSize, dtype: dtype, device: device);
        decoder = Linear(hiddenSize, inputSize, dtype: dtype, device: device);
        UfldlInit.Autoencoder(encoder, decoder, generator);
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

    /// <summary>The encoder layer (W1, b1); the stack takes it over after pretraining.</summary>
    public Linear Encoder => encoder;
    /// <summary>The decoder layer (W2, b2): W2 is (N, H).</summary>
    public Linear Decoder => decoder;

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
