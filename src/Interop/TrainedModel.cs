using TorchAe.Data.Sets;
using TorchAe.Kernels;
using TorchAe.Losses;
using TorchAe.Models;

namespace TorchAe.Interop;

/// <summary>A trained model as an archive keeps it: the fine-tuned stack (<c>encoders.&lt;l&gt;.*</c>,
/// <c>classifier.*</c>), each autoencoder as pretraining left it (<c>autoencoders.&lt;l&gt;.encoder.*</c>,
/// <c>autoencoders.&lt;l&gt;.decoder.*</c>; empty for archives written without them), the class names (logit k is
/// <c>ClassNames[k]</c>), the input's shape, the objective each autoencoder was pretrained with and the feature scaling
/// fitted on its training data (applied to every input before the stack sees it).</summary>
public sealed record TrainedModel(StackedAutoencoder Stack, IReadOnlyList<string> ClassNames)
{
    /// <summary>Autoencoder l as pretraining left it (its decoder reconstructs the previous code); empty = not kept.</summary>
    public IReadOnlyList<SparseAutoencoder> Autoencoders { get; init; } = [];
    /// <summary>(height, width) for images; empty = a flat vector of <see cref="StackArchitecture.InputSize"/> features.</summary>
    public IReadOnlyList<int> InputShape { get; init; } = [];
    /// <summary>The objective autoencoder l was pretrained with; empty = not known (an imported state_dict without metadata).</summary>
    public IReadOnlyList<Objective> Objectives { get; init; } = [];

    /// <summary>x' = (x − offset) / divisor, fitted on the training split; inputs must go through it before the stack
    /// (<see cref="FeatureScaler.Apply"/>). The identity for archives written without it.</summary>
    public FeatureScaler Scaler { get; init; } = FeatureScaler.Identity;

    /// <summary>The stack's shape (input size, layers, classes, dtype), read off <see cref="Stack"/>.</summary>
    public StackArchitecture Architecture => StackArchitecture.Of(Stack);

    /// <summary>Refuses parts that do not fit together (with <see cref="Options.OptionException"/> naming the part):
    /// one class name per class, one autoencoder per encoder layer of matching size and units, one objective per
    /// autoencoder, an input shape whose product is the input size.</summary>
    public TrainedModel Validated()
    {
        var architecture = Architecture;
        ModelDescription.CheckClassNames(ClassNames, architecture.Classes);
        if (Autoencoders.Count != 0 && Autoencoders.Count != architecture.Layers.Count)
            throw new Options.OptionException("autoencoders", Autoencoders.Count, $"0 or {architecture.Layers.Count} (one per encoder layer)");
        int size = architecture.InputSize;
        for (int l = 0; l < Autoencoders.Count; l++)
        {
            var (ae, layer) = (Autoencoders[l], architecture.Layers[l]);
            if (ae.InputSize != size || ae.HiddenSize != layer.Hidden || ae.EncoderActivation != layer.Activation)
                throw new Options.OptionException($"autoencoders[{l}]", $"{ae.InputSize}-{ae.HiddenSize}({ae.EncoderActivation.Name()})",
                    $"{size}-{layer.Hidden}({layer.Activation.Name()}), the stack's layer {l + 1}");
            size = layer.Hidden;
        }
        if (Objectives.Count != 0 && Objectives.Count != architecture.Layers.Count)
            throw new Options.OptionException("objectives", Objectives.Count, $"0 or {architecture.Layers.Count} (one per encoder layer)");
        if (!(double.IsFinite(Scaler.Offset) && double.IsFinite(Scaler.Divisor) && Scaler.Divisor > 0))
            throw new Options.OptionException("scale", $"offset {Scaler.Offset}, divisor {Scaler.Divisor}", "a finite offset and a finite divisor > 0");
        if (InputShape.Count != 0 && (InputShape.Any(d => d <= 0) || InputShape.Aggregate(1L, (p, d) => p * d) != architecture.InputSize))
            throw new Options.OptionException("input_shape", $"[{string.Join(", ", InputShape)}]", $"positive sizes whose product is the input size {architecture.InputSize}");
        return this;
    }

    /// <summary>Image geometry for pictures: (width, height) from <see cref="InputShape"/> (height, width), or null.</summary>
    public (int Width, int Height)? Image => InputShape.Count == 2 ? (InputShape[1], InputShape[0]) : null;
}
