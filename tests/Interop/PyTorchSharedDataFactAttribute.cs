using TorchAe.Tests.Support;

namespace TorchAe.Tests.Interop;

/// <summary>A fact that needs Python with PyTorch and the shared real data sets: skipped, with the reason, without either.</summary>
public sealed class PyTorchSharedDataFactAttribute : FactAttribute
{
    public PyTorchSharedDataFactAttribute()
    {
        if (PythonTorch.Python is null) Skip = PythonTorch.Description;
        else if (SharedData.Root is null) Skip = "../shared/data (relative to the folder holding TorchAe.sln) is absent";
    }
}
