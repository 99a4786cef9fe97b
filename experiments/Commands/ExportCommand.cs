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
    public IReadOnlyList<OptionSpec> Options { get; } =
    [
        new("--run", "run folder holding model.json and model.dat"),
        new("--format", "pytorch or safetensors", "pytorch"),
        new("--out", "file to write", "DIR/model.pt or DIR/model.safetensors"),
    ];

    public int Run(ParsedArgs args, TextWriter output)
    {
        var run = args.Require("--run");
        var format = WeightFormatExtensions.Parse(args.String("--format")!, "--format");
        var path = args.Has("--out") ? args.String("--out")! : Path.Combine(run, format.DefaultFileName());
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
