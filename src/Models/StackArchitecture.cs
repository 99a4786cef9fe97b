using TorchAe.Kernels;
using TorchAe.Options;
using TorchAe.Runtime;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace TorchAe.Models;

/// <summary>The shape of a <see cref="StackedAutoencoder"/>: input size N, encoder layers N → H1 → … → HL with their
/// activations, K classes, one dtype. Enough to rebuild the module before its weights are loaded.</summary>
public sealed class StackArchitecture
{
    /// <summary>Validates the shape: N ≥ 1, at least one layer, every Hl ≥ 1 with a sigmoid or tanh activation, K ≥ 2, float32 or float64; otherwise <see cref="OptionException"/>.</summary>
    public StackArchitecture(int inputSize, IReadOnlyList<StackLayer> layers, int classes, ScalarType dtype)
    {
        InputSize = Check.Positive(inputSize, "input size");
        if (layers.Count == 0) throw new OptionException("layers", 0, "at least one encoder layer");
        for (int l = 0; l < layers.Count; l++)
        {
            Check.Positive(layers[l].Hidden, $"layers[{l}].hidden");
            if (layers[l].Activation == Activation.Linear)
                throw new OptionException($"layers[{l}].activation", "linear", "one of sigmoid, tanh");
        }
        Layers = layers.ToArray();
        Classes = Check.AtLeast(classes, 2, "classes");
        DType = dtype is ScalarType.Float32 or ScalarType.Float64 ? dtype
            : throw new OptionException("dtype", DTypeNames.Name(dtype), "float32 or float64");
    }

    /// <summary>N, the input size.</summary>
    public int InputSize { get; }
    /// <summary>The encoder layers 1 … L: hidden size Hl and activation φl.</summary>
    public IReadOnlyList<StackLayer> Layers { get; }
    /// <summary>K, the number of classes.</summary>
    public int Classes { get; }
    /// <summary>float32 or float64, the dtype of every parameter.</summary>
    public ScalarType DType { get; }

    /// <summary>Reads the architecture off a stack; all its parameters must share one dtype.</summary>
    public static StackArchitecture Of(StackedAutoencoder stack)
    {
        var dtypes = stack.parameters().Select(p => p.dtype).Distinct().ToList();
        if (dtypes.Count != 1)
            throw new OptionException("stack dtype", string.Join(" and ", dtypes.Select(DTypeNames.Name)), "one dtype for every parameter");
        var layers = stack.Encoders.Select((e, l) => new StackLayer((int)e.weight.shape[0], stack.Activations[l])).ToList();
        return new StackArchitecture((int)stack.Encoders[0].weight.shape[1], layers, stack.Classifier.Classes, dtypes[0]);
    }

    /// <summary>A stack of this shape whose weights are placeholders, to be overwritten by a load.</summary>
    public StackedAutoencoder CreateModel(Device? device = null)
    {
        var generator = new Generator(0);
        var encoders = new List<(Linear Layer, Activation Activation)>();
        int size = InputSize;
        foreach (var layer in Layers)
        {
            encoders.Add((Linear(size, layer.Hidden, dtype: DType, device: device), layer.Activation));
            size = layer.Hidden;
        }
        var stack = new StackedAutoencoder(encoders, new SoftmaxClassifier(size, Classes, generator, DType, device));
        return stack;
    }

    /// <summary>e.g. <c>900-100(sigmoid)-50(sigmoid)-4 classes, float32</c>.</summary>
    public override string ToString() =>
        $"{InputSize}-{string.Join("-", Layers.Select(l => $"{l.Hidden}({l.Activation.Name()})"))}-{Classes} classes, {DTypeNames.Name(DType)}";
}
