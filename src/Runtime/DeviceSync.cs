using static TorchSharp.torch;

namespace TorchAe.Runtime;

/// <summary>Waits until a device has finished the work queued on it, before a clock is read. CUDA ops return as soon as
/// their kernels are queued, so a clock read right after one measures the launch, not the work; CPU ops have finished
/// when they return, so on the CPU this does nothing (and never touches the CUDA runtime).</summary>
internal static class DeviceSync
{
    /// <summary>torch.cuda.synchronize() for a CUDA device (its own index, or the current device when it names none).</summary>
    public static void Wait(Device device)
    {
        if (device.type == DeviceType.CUDA) cuda.synchronize(device.index >= 0 ? device : null);
    }
}
