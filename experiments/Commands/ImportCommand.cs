using System.CommandLine;
using TorchAe.Kernels;
using TorchAe.Cli;
using TorchAe.Interop;
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
    readonly Option<string> fileOption = CliOption.Text("--file", "state_dict file: encoders.<l>.weight/bias, classifier.weight/bias [, autoencoders.<l>.encoder/decoder.weight/bias] (required)", placeholder: "FILE");
    readonly Option<string> outOption = CliOption.Text("--out", "folder for model.json and model.dat (required)", placeholder: "DIR");
    readonly Option<IReadOnlyList<string>> classesOption = CliOption.List("--classes", "class names, one per classifier row", text => text, "the file's metadata, else 0,1,…,K-1");
    readonly Option<IReadOnlyList<string>> activationsOption = CliOption.List("--activations", "encoder activations: one for all layers or one per layer (sigmoid, tanh)", text => text, "the file's metadata, else sigmoid");
    readonly Option<bool> forceOption = CliOption.Flag("--force", "replace an archive already in --out");

    public IEnumerable<Symbol> Symbols => [fileOption, outOption, classesOption, activationsOption, forceOption];

    public int Run(ParseResult args, TextWriter output)
    {
        var file = args.Text(fileOption) ?? throw new UsageException("--file is required (see --help)");
        var outDir = args.Text(outOption) ?? throw new UsageException("--out is required (see --help)");
        var activations = args.Values(activationsOption).Select(a => ActivationExtensions.Parse(a, "--activations", allowLinear: false)).ToList();
        if (File.Exists(Path.Combine(outDir, StackArchive.DescriptionFile)) && !args.Given(forceOption))
            throw new UsageException($"--out {outDir} already holds {StackArchive.DescriptionFile}; choose another folder or add --force");
        RunFolder.EnsureWritable(outDir);
        TorchRuntime.EnsureLoaded();

        using var scope = NewDisposeScope();
        var (stateDict, metadata) = StateDictFile.ReadWithMetadata(file);
        var classes = args.Given(classesOption) ? args.Values(classesOption) : null;
        var model = StackImport.ToModel(stateDict, metadata, activations, classes, file, CPU);
        StackArchive.Save(outDir, model);
        output.WriteLine($"{model.Architecture}; classes {string.Join(", ", model.ClassNames)}"
            + (model.Autoencoders.Count > 0 ? $"; {model.Autoencoders.Count} pretrained autoencoders" : ""));
        output.WriteLine($"wrote {Path.Combine(outDir, StackArchive.DescriptionFile)} and {Path.Combine(outDir, StackArchive.WeightsFile)}");
        return ExitCodes.Success;
    }
}
