namespace TorchAe.Tests.Support;

/// <summary>A fact that is skipped, with the reason shown by the runner, when the shared data folder is absent.</summary>
public sealed class SharedDataFactAttribute : FactAttribute
{
    public SharedDataFactAttribute()
    {
        if (SharedData.Root is null) Skip = "../shared/data (relative to the folder holding TorchAe.sln) is absent";
    }
}
