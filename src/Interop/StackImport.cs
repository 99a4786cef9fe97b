using TorchAe.Data.Sets;
using TorchAe.IO;
using System.Text.RegularExpressions;
using TorchAe.Kernels;
using TorchAe.Models;
using TorchAe.Options;
using TorchAe.Runtime;
using static TorchSharp.torch;

namespace TorchAe.Interop;

/// <summary>Turns a PyTorch state_dict with TorchAe's names (<c>encoders.&lt;l&gt;.weight</c> (H_l, H_{l−1}),
/// <c>encoders.&lt;l&gt;.bias</c> (H_l), <c>classifier.weight</c> (K, H_L), <c>classifier.bias</c> (K), and optionally
/// for every layer <c>autoencoders.&lt;l&gt;.encoder.weight</c> (H_l, H_{l−1}), <c>….encoder.bias</c>,
/// <c>….decoder.weight</c> (H_{l−1}, H_l), <c>….decoder.bias</c> (H_{l−1})) into a stack or a whole
/// <see cref="TrainedModel"/>, reading the architecture off the tensor shapes. Activations cannot be read off weights:
/// they come from the file's metadata (<see cref="ModelMetadata"/>) or are given (one for all layers, or one per layer).</summary>
public static partial class StackImport
{
    /// <param name="source">The file the tensors came from, for messages.</param>
    public static StackArchitecture InferArchitecture(IReadOnlyDictionary<string, Tensor> stateDict, IReadOnlyList<Activation> activations, string source)
    {
        foreach (var key in stateDict.Keys.Where(k => !EntryName().IsMatch(k)).Order(StringComparer.Ordinal))
            throw new DataFormatException(source, $"unexpected entry '{key}' (a TorchAe model has encoders.<l>.weight, encoders.<l>.bias, classifier.weight, classifier.bias and optionally autoencoders.<l>.encoder/decoder.weight/bias)");
        int count = stateDict.Keys.Select(k => EntryName().Match(k)).Where(m => m.Groups["layer"].Success)
            .Select(m => int.Parse(m.Groups["layer"].Value, System.Globalization.CultureInfo.InvariantCulture) + 1).DefaultIfEmpty(0).Max();
        if (count == 0) throw new DataFormatException(source, "no encoders.0.weight: not a TorchAe stack's state_dict");

        var dtypes = stateDict.Values.Select(t => t.dtype).Distinct().ToList();
        if (dtypes.Count != 1 || dtypes[0] is not (ScalarType.Float32 or ScalarType.Float64))
            throw new DataFormatException(source, $"tensors must all be float32 or all float64, got {string.Join(" and ", dtypes.Select(DTypeNames.Name))}");

        var perLayer = activations.Count switch
        {
            1 => Enumerable.Repeat(activations[0], count).ToList(),
            var n when n == count => activations.ToList(),
            _ => throw new OptionException("activations", string.Join(",", activations.Select(a => a.Name())), $"1 or {count} values (the file has {count} encoder layers)"),
        };

        long input = Get(stateDict, "encoders.0.weight", source, 2).shape[1];
        long size = input;
        var layers = new List<StackLayer>();
        for (int l = 0; l < count; l++)
        {
            var weight = Get(stateDict, $"encoders.{l}.weight", source, 2);
            var bias = Get(stateDict, $"encoders.{l}.bias", source, 1);
            long hidden = weight.shape[0];
            if (weight.shape[1] != size) throw Shape(source, $"encoders.{l}.weight", weight, $"[{hidden}, {size}] (its input is the previous code of size {size})");
            if (bias.shape[0] != hidden) throw Shape(source, $"encoders.{l}.bias", bias, $"[{hidden}]");
            layers.Add(new StackLayer(checked((int)hidden), perLayer[l]));
            size = hidden;
        }
        var classifierWeight = Get(stateDict, "classifier.weight", source, 2);
        var classifierBias = Get(stateDict, "classifier.bias", source, 1);
        long classes = classifierWeight.shape[0];
        if (classifierWeight.shape[1] != size) throw Shape(source, "classifier.weight", classifierWeight, $"[{classes}, {size}] (the last code has size {size})");
        if (classifierBias.shape[0] != classes) throw Shape(source, "classifier.bias", classifierBias, $"[{classes}]");
        try
        {
            return new StackArchitecture(checked((int)input), layers, checked((int)classes), dtypes[0]);
        }
        catch (OptionException e)
        {
            throw new DataFormatException(source, e.Message);
        }
    }

    /// <summary>A stack holding copies of the state_dict's tensors (on <paramref name="device"/>).</summary>
    public static StackedAutoencoder ToStack(IReadOnlyDictionary<string, Tensor> stateDict, IReadOnlyList<Activation> activations, string source, Device? device = null)
    {
        var stackEntries = stateDict.Where(p => !p.Key.StartsWith("autoencoders.", StringComparison.Ordinal)).ToDictionary();
        var stack = InferArchitecture(stateDict, activations, source).CreateModel(device);
        var (missing, unexpected) = stack.load_state_dict(stackEntries, strict: true);
        if (missing.Count > 0 || unexpected.Count > 0)
            throw new DataFormatException(source, $"missing [{string.Join(", ", missing)}], unexpected [{string.Join(", ", unexpected)}]");
        return stack;
    }

    /// <summary>The whole model: the stack, the autoencoders when the file holds them (all layers or none), and what
    /// the metadata says (activations, decoder activations, objectives, class names, input shape). An activation or
    /// class-name list given here replaces the metadata's; without either, encoders and decoders are sigmoid and
    /// classes are named 0 … K−1.</summary>
    public static TrainedModel ToModel(IReadOnlyDictionary<string, Tensor> stateDict, IReadOnlyDictionary<string, string> metadata,
        IReadOnlyList<Activation>? activations, IReadOnlyList<string>? classNames, string source, Device? device = null)
    {
        var fields = ModelMetadata.Parse(metadata, source);
        var encoderActivations = activations is { Count: > 0 } ? activations : fields.Activations ?? [Activation.Sigmoid];
        var stack = ToStack(stateDict, encoderActivations, source, device);
        var architecture = StackArchitecture.Of(stack);
        int layers = architecture.Layers.Count;
        if (classNames is { Count: > 0 }) ModelDescription.CheckClassNames(classNames, architecture.Classes);   // the caller's list: its own message
        var names = classNames is { Count: > 0 } ? classNames
            : fields.ClassNames ?? Enumerable.Range(0, architecture.Classes).Select(k => k.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();

        var aeLayers = stateDict.Keys.Select(k => EntryName().Match(k)).Where(m => m.Groups["ae"].Success)
            .Select(m => int.Parse(m.Groups["ae"].Value, System.Globalization.CultureInfo.InvariantCulture)).Distinct().ToList();
        if (aeLayers.Any(l => l >= layers))
            throw new DataFormatException(source, $"autoencoders.{aeLayers.Max()}.* has no encoder layer to match (the file has {layers} encoder layers)");
        var autoencoders = new List<SparseAutoencoder>();
        if (aeLayers.Count > 0)
        {
            var decoders = fields.DecoderActivations ?? Enumerable.Repeat(Activation.Sigmoid, layers).ToList();
            if (decoders.Count != layers)
                throw new DataFormatException(source, $"metadata 'decoder_activations' names {decoders.Count} layers, the file has {layers}");
            var tied = fields.Tied ?? Enumerable.Repeat(false, layers).ToList();
            if (tied.Count != layers)
                throw new DataFormatException(source, $"metadata 'tied' names {tied.Count} layers, the file has {layers}");
            autoencoders = StackArchive.CreateAutoencoders(architecture, decoders, device, tied);
            for (int l = 0; l < layers; l++)
            {
                var prefix = $"autoencoders.{l}.";
                if (tied[l]) RequireTransposed(stateDict, prefix, l, source);
                var entries = new Dictionary<string, Tensor>();
                foreach (var (name, shape) in autoencoders[l].state_dict().Select(p => (p.Key, p.Value.shape)))
                {
                    var tensor = stateDict.TryGetValue(prefix + name, out var t) ? t
                        : throw new DataFormatException(source, $"'{prefix + name}' is missing (the file holds autoencoders, so it needs all {layers} of them)");
                    if (!tensor.shape.SequenceEqual(shape))
                        throw Shape(source, prefix + name, tensor, $"[{string.Join(", ", shape)}]");
                    if (tensor.dtype != architecture.DType)
                        throw new DataFormatException(source, $"'{prefix + name}' is {DTypeNames.Name(tensor.dtype)}, the stack is {DTypeNames.Name(architecture.DType)}");
                    entries[name] = tensor;
                }
                autoencoders[l].load_state_dict(entries, strict: true);
            }
        }
        var model = new TrainedModel(stack, names)
        {
            Autoencoders = autoencoders,
            InputShape = fields.InputShape ?? [],
            Objectives = fields.Objectives ?? [],
            Scaler = fields.Scaler ?? FeatureScaler.Identity,
        };
        try
        {
            return model.Validated();
        }
        catch (OptionException e)
        {
            throw new DataFormatException(source, e.Message);
        }
    }

    /// <summary>A tied layer's exported decoder weight is the copy W1ᵀ (StateDictFile): anything else is refused, since
    /// the tied autoencoder would silently drop it.</summary>
    static void RequireTransposed(IReadOnlyDictionary<string, Tensor> stateDict, string prefix, int layer, string source)
    {
        var decoder = Get(stateDict, prefix + "decoder.weight", source, 2);
        var encoder = Get(stateDict, prefix + "encoder.weight", source, 2);
        if (!decoder.shape.SequenceEqual(encoder.t().shape) || !decoder.Equals(encoder.t()))
            throw new DataFormatException(source, $"'{prefix}decoder.weight' is not the transpose of '{prefix}encoder.weight', but metadata 'tied' says autoencoder {layer + 1} has tied weights");
    }

    static Tensor Get(IReadOnlyDictionary<string, Tensor> stateDict, string key, string source, int dims)
    {
        if (!stateDict.TryGetValue(key, out var tensor)) throw new DataFormatException(source, $"'{key}' is missing");
        return tensor.ndim == dims ? tensor : throw Shape(source, key, tensor, dims == 2 ? "a matrix" : "a vector");
    }

    static DataFormatException Shape(string source, string key, Tensor tensor, string expected) =>
        new(source, $"'{key}' has shape [{string.Join(", ", tensor.shape)}], expected {expected}");

    [GeneratedRegex(@"^(encoders\.(?<layer>0|[1-9][0-9]{0,5})\.(weight|bias)|classifier\.(weight|bias)|autoencoders\.(?<ae>0|[1-9][0-9]{0,5})\.(encoder|decoder)\.(weight|bias))$")]
    private static partial Regex EntryName();
}
