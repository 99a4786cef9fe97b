using System.Runtime.InteropServices;
using System.Text;
using TorchAe.IO;
using TorchAe.Kernels;
using TorchAe.Models;
using static TorchSharp.torch;

namespace TorchAe.Interop;

/// <summary>A trained model on disk, in a folder (a run folder): <c>model.json</c> (architecture, class names, dtype,
/// input shape, objectives) and <c>model.dat</c> (the weights in TorchSharp's <c>module.save</c> format under the
/// names of <see cref="TrainedModel"/>: the fine-tuned stack and, when kept, each autoencoder as pretraining left it),
/// each written atomically; model.dat first, so a model.json is never seen without its weights. Load rebuilds the
/// modules from model.json and loads the weights strictly: every name, shape and dtype must match.</summary>
public static class StackArchive
{
    /// <summary>The architecture and metadata file, JSON.</summary>
    public const string DescriptionFile = "model.json";
    /// <summary>The weights file (TorchSharp's Module.save format).</summary>
    public const string WeightsFile = "model.dat";

    /// <summary>Writes the stack alone (no autoencoders, no input shape or objectives).</summary>
    /// <param name="classNames">One distinct, non-empty name per class: logit k is <c>classNames[k]</c>.</param>
    public static void Save(string folder, StackedAutoencoder stack, IReadOnlyList<string> classNames) =>
        Save(folder, new TrainedModel(stack, classNames));

    /// <summary>Writes <c>folder/model.dat</c> and <c>folder/model.json</c> (the folder is created if needed).</summary>
    public static void Save(string folder, TrainedModel model)
    {
        var bundle = new ModelBundle(model.Validated());
        Directory.CreateDirectory(folder);
        AtomicFile.Write(Path.Combine(folder, WeightsFile), stream =>
        {
            using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
            bundle.save(writer);
        });
        ModelDescription.Write(Path.Combine(folder, DescriptionFile), model, WeightsFile);
    }

    /// <summary>Reads an archive onto <paramref name="device"/>. A missing, corrupt or mismatched archive throws
    /// <see cref="DataFormatException"/> naming the file at fault.</summary>
    public static TrainedModel Load(string folder, Device device)
    {
        var descriptionPath = Path.Combine(folder, DescriptionFile);
        var weightsPath = Path.Combine(folder, WeightsFile);
        if (!Directory.Exists(folder)) throw new DataFormatException(folder, "no such folder (an archive is a folder with model.json and model.dat)");
        if (!File.Exists(descriptionPath)) throw new DataFormatException(descriptionPath, "not found (an archive is a folder with model.json and model.dat)");
        var (architecture, extras) = ModelDescription.Read(descriptionPath);
        if (!File.Exists(weightsPath)) throw new DataFormatException(weightsPath, $"not found (model.json describes {architecture}; its weights are missing)");

        var stack = architecture.CreateModel(device);
        var autoencoders = extras.DecoderActivations is { } decoders ? CreateAutoencoders(architecture, decoders, device) : [];
        var model = new TrainedModel(stack, extras.ClassNames) { Autoencoders = autoencoders, InputShape = extras.InputShape, Objectives = extras.Objectives };
        try
        {
            new ModelBundle(model).load(weightsPath, strict: true);
        }
        catch (Exception e) when (e is ArgumentException or IOException or InvalidOperationException or FormatException
                                      or OverflowException or ExternalException or NotSupportedException)
        {
            stack.Dispose();
            foreach (var ae in autoencoders) ae.Dispose();
            var what = autoencoders.Count > 0 ? $"{architecture} and its {autoencoders.Count} pretrained autoencoders" : architecture.ToString();
            throw new DataFormatException(weightsPath, $"does not hold the weights of {what} described by model.json ({e.GetType().Name}: {e.Message})");
        }
        return model;
    }

    /// <summary>Autoencoders of the architecture's sizes with placeholder weights, to be overwritten by a load.</summary>
    internal static List<SparseAutoencoder> CreateAutoencoders(StackArchitecture architecture, IReadOnlyList<Activation> decoders, Device? device)
    {
        var generator = new Generator(0);
        var result = new List<SparseAutoencoder>();
        int size = architecture.InputSize;
        for (int l = 0; l < architecture.Layers.Count; l++)
        {
            var layer = architecture.Layers[l];
            result.Add(new SparseAutoencoder(size, layer.Hidden, layer.Activation, decoders[l], generator, architecture.DType, device));
            size = layer.Hidden;
        }
        return result;
    }
}
