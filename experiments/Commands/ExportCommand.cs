using System.CommandLine;
using TorchAe.Cli;
using TorchAe.Interop;
using TorchAe.Runtime;
using static TorchSharp.torch;

namespace TorchAe.Commands;

/// <summary><c>torchae export</c>: a run's stack (DIR/model.json + model.dat) as a PyTorch state_dict.</summary>
public sealed class ExportCommand : ICommand
{
    public string Name => "export";
    public string Summary => "write a run's stack as a PyTorch state_dict (.pt for torch.load, or .safetensors)";
    readonly Option<string> runOption = CliOption.Text("--run", "run folder holding model.json and model.dat", placeholder: "DIR");
    readonly Option<WeightFormat> formatOption = CliOption.Choice<WeightFormat>("--format", "pytorch (.pt for torch.load) or safetensors", WeightFormat.PyTorch);
    readonly Option<string> outOption = CliOption.Text("--out", "file to write", "DIR/model.pt or DIR/model.safetensors", "FILE");

    public IEnumerable<Symbol> Symbols => [runOption, formatOption, outOption];

    public int Run(ParseResult args, TextWriter output)
    {
        var run = args.Text(runOption) ?? throw new UsageException("--run is required (see --help)");
        var format = args.Value(formatOption) ?? WeightFormat.PyTorch;
        var path = args.Text(outOption) ?? Path.Combine(run, format.DefaultFileName());
        if (Directory.Exists(path)) throw new UsageException($"--out {path} is a folder; give a file name");
        TorchRuntime.EnsureLoaded();

        using var scope = NewDisposeScope();
        var loaded = StackArchive.Load(run, CPU);
        StateDictFile.Save(loaded.Stack, path, format);
        output.WriteLine($"{loaded.Architecture}; classes {string.Join(", ", loaded.ClassNames)}");
        output.WriteLine($"wrote {path} ({format.Name()}: {string.Join(", ", loaded.Stack.state_dict().Select(p => $"{p.Key} [{string.Join(", ", p.Value.shape)}]"))})");
        return ExitCodes.Success;
    }
}
