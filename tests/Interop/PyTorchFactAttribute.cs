namespace TorchAe.Tests.Interop;

/// <summary>A fact that needs Python with PyTorch: reported as skipped, with the reason, where none is found.</summary>
public sealed class PyTorchFactAttribute : FactAttribute
{
    public PyTorchFactAttribute()
    {
        if (PythonTorch.Python is null) Skip = PythonTorch.Description;
    }
}
