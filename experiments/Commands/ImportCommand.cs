using TorchAe.Kernels;
using TorchAe.Cli;
using TorchAe.Interop;
using TorchAe.Models;
using TorchAe.Runtime;
using static TorchSharp.torch;

namespace TorchAe.Commands;

/// <summary><c>torchae import</c>: a PyTorch state_dict (.pt or .safetensors, TorchAe's names) into an archive that
/// <see cref="StackArchive.Load"/> reads; the architecture comes from the tensor shapes, activations, objectives, class
/// names and input shape from the file's metadata (safetensors header, or the .pt's FILE.json sidecar).</summary>
public sealed class ImportCommand : ICommand
{
    public string Name => "import";
    public string Summary => "read a PyTorch state_dict (.pt or .safetensors) into DIR/model.json + model.dat";
    public IReadOnlyList<OptionSpec> Options { get; } =
    [
        new("--file", "state_dict file: encoders.<l>.weight/bias, classifier.weight/bias [, autoencoders.<l>.encoder/decoder.weight/bias]"),
        new("--out", "folder for model.json and model.dat"),
        new("--classes", "comma-separated class names, one per classifier row", Display: "the file's metadata, else 0,1,…,K-1"),
        new("--activations", "encoder activations: one for all layers or one per layer (sigmoid, tanh)", Display: "the file's metadata, else sigmoid"),
        OptionSpec.Flag("--force", "replace an archive already in --out"),
    ];

    public int Run(ParsedArgs args, TextWriter output)
    {
        var file = args.Require("--file");
        var outDir = args.Require("--out");
        var activations = args.All("--activations").Select(a => ActivationExtensions.Parse(a, "--activations", allowLinear: false)).ToList();
        if (File.Exists(Path.Combine(outDir, StackArchive.DescriptionFile)) && !args.Flag("--force"))
            throw new UsageException($"--out {outDir} already holds {StackArchive.DescriptionFile}; choose another folder or add --force");
        RunFolder.EnsureWritable(outDir);
        TorchRuntime.EnsureLoaded();

        using var scope = NewDisposeScope();
        var (stateDict, metadata) = StateDictFile.ReadWithMetadata(file);
        var classes = args.Has("--classes") ? args.All("--classes") : null;
        var model = StackImport.ToModel(stateDict, metadata, activations, classes, file, CPU);
        StackArchive.Save(outDir, model);
        output.WriteLine($"{model.Architecture}; classes {string.Join(", ", model.ClassNames)}"
            + (model.Autoencoders.Count > 0 ? $"; {model.Autoencoders.Count} pretrained autoencoders" : ""));
        output.WriteLine($"wrote {Path.Combine(outDir, StackArchive.DescriptionFile)} and {Path.Combine(outDir, StackArchive.WeightsFile)}");
        return ExitCodes.Success;
    }
}
