using System.Runtime.InteropServices;
using System.Text;
using TorchAe.Data;
using TorchAe.IO;
using TorchAe.Models;
using static TorchSharp.torch;

namespace TorchAe.Interop;

/// <summary>A trained stack on disk, in a folder (a run folder): <c>model.json</c> (architecture, class names, dtype)
/// and <c>model.dat</c> (the weights in TorchSharp's <c>module.save</c> format), each written atomically; model.dat
/// first, so a model.json is never seen without its weights. Load rebuilds the stack from model.json and loads the
/// weights strictly: every name, shape and dtype must match.</summary>
public static class StackArchive
{
    public const string DescriptionFile = "model.json";
    public const string WeightsFile = "model.dat";

    /// <summary>Writes <c>folder/model.dat</c> and <c>folder/model.json</c> (the folder is created if needed).</summary>
    /// <param name="classNames">One distinct, non-empty name per class: logit k is <c>classNames[k]</c>.</param>
    public static void Save(string folder, StackedAutoencoder stack, IReadOnlyList<string> classNames)
    {
        var architecture = StackArchitecture.Of(stack);
        ModelDescription.CheckClassNames(classNames, architecture.Classes);
        Directory.CreateDirectory(folder);
        AtomicFile.Write(Path.Combine(folder, WeightsFile), stream =>
        {
            using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
            stack.save(writer);
        });
        ModelDescription.Write(Path.Combine(folder, DescriptionFile), architecture, classNames, WeightsFile);
    }

    /// <summary>Reads an archive onto <paramref name="device"/>. A missing, corrupt or mismatched archive throws
    /// <see cref="DataFormatException"/> naming the file at fault.</summary>
    public static LoadedStack Load(string folder, Device device)
    {
        var descriptionPath = Path.Combine(folder, DescriptionFile);
        var weightsPath = Path.Combine(folder, WeightsFile);
        if (!Directory.Exists(folder)) throw new DataFormatException(folder, "no such folder (an archive is a folder with model.json and model.dat)");
        if (!File.Exists(descriptionPath)) throw new DataFormatException(descriptionPath, "not found (an archive is a folder with model.json and model.dat)");
        var (architecture, classNames) = ModelDescription.Read(descriptionPath);
        if (!File.Exists(weightsPath)) throw new DataFormatException(weightsPath, $"not found (model.json describes {architecture}; its weights are missing)");

        var stack = architecture.CreateModel(device);
        try
        {
            stack.load(weightsPath, strict: true);
        }
        catch (Exception e) when (e is ArgumentException or IOException or InvalidOperationException or FormatException
                                      or OverflowException or ExternalException or NotSupportedException)
        {
            stack.Dispose();
            throw new DataFormatException(weightsPath, $"does not hold the weights of {architecture} described by model.json ({e.GetType().Name}: {e.Message})");
        }
        return new LoadedStack(stack, classNames, architecture);
    }
}
