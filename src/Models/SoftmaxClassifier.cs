using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace TorchAe.Models;

/// <summary>Softmax regression on a code: logits = Y Wsᵀ + bs, (R, H) → (R, K). Parameters <c>weight</c> (K, H) and
/// <c>bias</c> (K), so inside a stack they read <c>classifier.weight</c> as a PyTorch user expects.</summary>
public sealed class SoftmaxClassifier : Module<Tensor, Tensor>
{
    readonly Parameter weight;
    readonly Parameter bias;

    /// <summary>A K-class head on H-wide codes, initialised as UFLDL does (Ws ~ 0.005 · N(0, 1) from <paramref name="generator"/>, bs = 0). H ≥ 1 and K ≥ 2, else <see cref="Options.OptionException"/>.</summary>
    public SoftmaxClassifier(int inputSize, int classes, Generator generator, ScalarType dtype = ScalarType.Float32, Device? device = null)
        : base(nameof(SoftmaxClassifier))
    {
        Options.Check.Positive(inputSize, "classifier input size");
        Options.Check.AtLeast(classes, 2, "classes");
        InputSize = inputSize;
        Classes = classes;
        weight = new Parameter(zeros(classes, inputSize, dtype: dtype, device: device));
        bias = new Parameter(zeros(classes, dtype: dtype, device: device));
        UfldlInit.Softmax(weight, bias, generator);
        RegisterComponents();
    }

    /// <summary>H, the width of the code the head reads.</summary>
    public int InputSize { get; }
    /// <summary>K, the number of classes (logits per sample).</summary>
    public int Classes { get; }
    /// <summary>Ws, (K, H).</summary>
    public Parameter Weight => weight;
    /// <summary>bs, (K).</summary>
    public Parameter Bias => bias;

    /// <summary>Logits (R, K); the softmax itself lives in the loss (log-softmax is the stable form).</summary>
    public override Tensor forward(Tensor code) => functional.linear(code, weight, bias);
}
