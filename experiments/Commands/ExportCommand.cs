using System.CommandLine;
using TorchAe.Cli;
using TorchAe.Interop;
using TorchAe.Runtime;
using static TorchSharp.torch;

namespace TorchAe.Commands;

/// <summary><c>torchae export</c>: a run's model (DIR/model.json + model.dat) as a PyTorch state_dict with its metadata.</summary>
public sealed class ExportCommand : ICommand
{
    public string Name => "export";
    public string Summary => "write a run's model as a PyTorch state_dict (.pt for torch.load + .pt.json metadata, or .safetensors)";
    readonly Option<string> runOption = CliOption.Text("--run", "run folder (or imported archive) holding model.json and model.dat (required)", placeholder: "DIR");
    readonly Option<WeightFormat> formatOption = CliOption.Choice<WeightFormat>("--format", "pytorch (.pt for torch.load, with .pt.json metadata) or safetensors", WeightFormat.PyTorch);
    readonly Option<string> outOption = CliOption.Text("--out", "file to write", "DIR/model.pt or DIR/model.safetensors", "FILE");
    readonly Option<bool> forceOption = CliOption.Flag("--force", "replace --out (and its .json metadata file) if it exists");

    public IEnumerable<Symbol> Symbols => [runOption, formatOption, outOption, forceOption];

    public int Run(ParseResult args, TextWriter output)
    {
        var run = args.Text(runOption) ?? throw new UsageException("--run is required (see --help)");
        var format = args.Value(formatOption) ?? WeightFormat.PyTorch;
        var path = args.Text(outOption) ?? Path.Combine(run, format.DefaultFileName());
        if (Directory.Exists(path)) throw new UsageException($"--out {path} is a folder; give a file name");
        if (format == WeightFormat.PyTorch && Directory.Exists(StateDictFile.SidecarPath(path)))
            throw new UsageException($"--out {path}: its metadata file {StateDictFile.SidecarPath(path)} is a folder");
        // The file and, for .pt, its metadata sidecar: neither is replaced unless asked.
        var existing = new[] { path }.Concat(format == WeightFormat.PyTorch ? [StateDictFile.SidecarPath(path)] : []).Where(File.Exists).ToList();
        if (existing.Count > 0 && !args.Given(forceOption))
            throw new UsageException(existing is [var only] && only == path
                ? $"--out {path} already exists; choose another file or add --force"
                : $"--out {path}: {string.Join(" and ", existing)} already exist{(existing.Count == 1 ? "s" : "")}; choose another file or add --force");
        TorchRuntime.EnsureLoaded();

        using var scope = NewDisposeScope();
        var model = StackArchive.Load(run, CPU);
        StateDictFile.Save(model, path, format);
        output.WriteLine($"{model.Architecture}; classes {string.Join(", ", model.ClassNames)}"
            + (model.Autoencoders.Count > 0 ? $"; {model.Autoencoders.Count} pretrained autoencoders" : "; no pretrained autoencoders in this archive"));
        var sidecar = format == WeightFormat.PyTorch ? $" and {StateDictFile.SidecarPath(path)}" : "";
        output.WriteLine($"wrote {path}{sidecar} ({format.Name()}: {string.Join(", ", new ModelView(model).Entries())})");
        return ExitCodes.Success;
    }

    /// <summary>The state_dict's names and shapes, for the summary line.</summary>
    sealed class ModelView(TrainedModel model)
    {
        public IEnumerable<string> Entries()
        {
            var parts = model.Stack.state_dict().Select(p => (p.Key, p.Value.shape)).ToList();
            for (int l = 0; l < model.Autoencoders.Count; l++)
                parts.AddRange(model.Autoencoders[l].state_dict().Select(p => ($"autoencoders.{l}.{p.Key}", p.Value.shape)));
            return parts.Select(p => $"{p.Key} [{string.Join(", ", p.shape)}]");
        }
    }
}
