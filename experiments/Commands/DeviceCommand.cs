using System.CommandLine;
using TorchAe.Cli;
using TorchAe.Runtime;
using static TorchSharp.torch;

namespace TorchAe.Commands;

/// <summary><c>torchae device</c>: which libtorch this build loads, whether it sees CUDA, and what <c>--device</c> picks.</summary>
public sealed class DeviceCommand : ICommand
{
    public string Name => "device";
    public string Summary => "show the libtorch build (cpu or cuda), whether CUDA is available, and what --device resolves to";
    readonly Option<DeviceRequest> deviceOption = CliOption.Choice<DeviceRequest>("--device", "what to resolve (auto: CUDA when available, else cpu)", DeviceRequest.Auto);

    public IEnumerable<Symbol> Symbols => [deviceOption];

    public int Run(ParseResult args, TextWriter output)
    {
        var request = args.Value(deviceOption) ?? DeviceRequest.Auto;
        var text = TorchAe.Options.EnumText.Name(request);
        var device = DeviceChoice.Choose(request);
        output.WriteLine($"TorchSharp package: {TorchRuntime.Backend} build, libtorch {__version__}");
        output.WriteLine($"CUDA available: {(cuda.is_available() ? $"yes ({cuda.device_count()} devices)" : "no")}");
        // Which files loaded: the build's own copies, or (a package without them) those on LD_LIBRARY_PATH.
        foreach (var folder in TorchRuntime.LoadedLibraries().GroupBy(Path.GetDirectoryName))
            output.WriteLine($"native libraries from {folder.Key}: {string.Join(" ", folder.Select(Path.GetFileName))}");
        output.WriteLine($"--device {text} → {DeviceChoice.Describe(device)}");
        return ExitCodes.Success;
    }
}
