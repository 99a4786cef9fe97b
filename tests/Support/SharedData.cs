namespace TorchAe.Tests.Support;

/// <summary>The shared real data sets (../shared/data from the repository root, found by walking up from the test
/// assembly to TorchAe.sln), or null when this checkout has none.</summary>
public static class SharedData
{
    public static string? Root { get; } = Find();

    public static string Path(params string[] parts) =>
        System.IO.Path.Combine([Root ?? throw new InvalidOperationException("shared data are absent"), .. parts]);

    static string? Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "TorchAe.sln")))
            {
                var data = System.IO.Path.GetFullPath(System.IO.Path.Combine(dir.FullName, "..", "shared", "data"));
                return Directory.Exists(data) ? data : null;
            }
        return null;
    }
}
