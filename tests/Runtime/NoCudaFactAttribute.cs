namespace TorchAe.Tests.Runtime;

/// <summary>A fact about refusing <c>--device cuda</c>, skipped where this libtorch sees a GPU.</summary>
public sealed class NoCudaFactAttribute : FactAttribute
{
    public NoCudaFactAttribute()
    {
        try
        {
            if (TorchSharp.torch.cuda.is_available()) Skip = "CUDA is available here";
        }
        catch (Exception e) when (e is TypeInitializationException or NotSupportedException or DllNotFoundException)
        {
            // libtorch does not load: the test runs and says so itself.
        }
    }
}
