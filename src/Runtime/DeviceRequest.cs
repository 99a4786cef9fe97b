namespace TorchAe.Runtime;

/// <summary>What <c>--device</c> asks for: <c>cpu</c>, <c>cuda</c>, or <c>auto</c> (CUDA when libtorch sees a GPU, else the CPU).</summary>
public enum DeviceRequest
{
    /// <summary>The CPU.</summary>
    Cpu,
    /// <summary>The first CUDA device; refused where CUDA is not available.</summary>
    Cuda,
    /// <summary>CUDA when available, else the CPU.</summary>
    Auto,
}
