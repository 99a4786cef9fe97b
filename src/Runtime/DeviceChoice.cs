using TorchAe.Options;
using static TorchSharp.torch;

namespace TorchAe.Runtime;

/// <summary>Turns <c>--device cpu|cuda|auto</c> into a torch device. Only the entry point calls this (the library never
/// picks a device): <c>auto</c> means CUDA when <c>torch.cuda.is_available()</c>, else the CPU; <c>cuda</c> on a machine
/// without CUDA (the TorchSharp-cpu build, or no GPU) is refused with a message that says so.</summary>
public static class DeviceChoice
{
    /// <summary>Reads <c>cpu</c>, <c>cuda</c> or <c>auto</c> (case-insensitive); anything else throws <see cref="OptionException"/> naming <c>device</c>.</summary>
    public static DeviceRequest Parse(string text) => EnumText.Parse<DeviceRequest>(text, "device");

    /// <summary>The device type for a request, given whether CUDA is usable. Pure, so it is testable on any machine.</summary>
    public static DeviceType Resolve(DeviceRequest request, bool cudaAvailable) => request switch
    {
        DeviceRequest.Cpu => DeviceType.CPU,
        DeviceRequest.Auto => cudaAvailable ? DeviceType.CUDA : DeviceType.CPU,
        _ => cudaAvailable ? DeviceType.CUDA
            : throw new OptionException("device", "cuda", "cpu or auto on this machine (CUDA is not available)"),
    };

    /// <summary>Resolves against this process's libtorch; loads libtorch first (<see cref="TorchRuntime"/>).</summary>
    public static Device Choose(DeviceRequest request)
    {
        TorchRuntime.EnsureLoaded();
        return Resolve(request, cuda.is_available()) == DeviceType.CUDA ? device(DeviceType.CUDA) : CPU;
    }

    /// <summary>"cpu", "cuda", "cuda:1", "meta": the way PyTorch prints a device.</summary>
    public static string Describe(Device device)
    {
        var name = device.type.ToString().ToLowerInvariant();
        return device.type != DeviceType.CPU && device.index >= 0 ? $"{name}:{device.index}" : name;
    }
}
