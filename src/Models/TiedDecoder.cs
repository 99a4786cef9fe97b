using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace TorchAe.Models;

/// <summary>The decoder of a tied autoencoder: W2 = W1ᵀ is its encoder's weight, read at every call, and only the bias b2
/// (N) is its own parameter, so inside <see cref="SparseAutoencoder"/> its one entry reads <c>decoder.bias</c>.
/// P3 = Y W1 + b2, (R, H) → (R, N).</summary>
public sealed class TiedDecoder : Module<Tensor, Tensor>
{
    readonly Parameter bias;
    // W1, read through a delegate: a field of a Module or Tensor type would register the encoder's weight a second time
    readonly Func<Parameter> encoderWeight;

    /// <summary>A decoder reading <paramref name="tiedTo"/>'s weight transposed, with a zero bias of the encoder's input size.</summary>
    public TiedDecoder(Linear tiedTo) : base(nameof(TiedDecoder))
    {
        encoderWeight = () => tiedTo.weight;
        var w = tiedTo.weight;
        bias = new Parameter(zeros(w.shape[1], dtype: w.dtype, device: w.device));
        RegisterComponents();
    }

    /// <summary>b2, (N).</summary>
    public Parameter Bias => bias;

    /// <summary>W2 = W1ᵀ, (N, H): a view of the encoder's weight.</summary>
    public Tensor Weight => encoderWeight().t();

    /// <summary>P3 = Y W1 + b2 (= Y W2ᵀ + b2), (R, H) → (R, N).</summary>
    public override Tensor forward(Tensor hidden) => addmm(bias, hidden, encoderWeight(), 1, 1);
}
