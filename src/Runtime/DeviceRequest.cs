namespace TorchAe.Runtime;

/// <summary>What <c>--device</c> asks for: <c>cpu</c>, <c>cuda</c>, or <c>auto</c> (CUDA when libtorch sees a GPU, else the CPU).</summary>
public enum DeviceRequest
{
    Cpu,
    Cuda,
    Auto,
}
