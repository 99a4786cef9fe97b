using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace TorchAe.Kernels;

/// <summary>The address of a CPU tensor's first element, for the few fused loops that update libtorch's memory in place
/// (<c>FusedAdam</c>, <c>FusedOutputDelta</c>). TorchSharp keeps its storage pointer internal, so this asks its native
/// shim directly.</summary>
static partial class TensorMemory
{
    [LibraryImport("LibTorchSharp")]
    private static partial IntPtr THSStorage_data_ptr(IntPtr tensor);

    static bool unavailable;

    /// <summary>True when <paramref name="tensors"/> are contiguous CPU float32/float64 tensors of one dtype and size,
    /// and the shim answers.</summary>
    public static bool Contiguous(params Tensor[] tensors)
    {
        if (unavailable) return false;
        var dtype = tensors[0].dtype;
        long n = tensors[0].numel();
        foreach (var t in tensors)
            if (t.device_type != DeviceType.CPU || t.dtype != dtype || t.numel() != n || !t.is_contiguous()
                || dtype is not (ScalarType.Float32 or ScalarType.Float64))
                return false;
        return true;
    }

    /// <summary>The first element's address, or null (and never again) when the shim's entry point is missing.</summary>
    public static IntPtr? Address(Tensor t)
    {
        try
        {
            return THSStorage_data_ptr(t.Handle) + (nint)(t.storage_offset() * t.element_size());
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            unavailable = true;
            return null;
        }
    }
}
