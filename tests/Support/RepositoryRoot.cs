namespace TorchAe.Tests.Support;

/// <summary>The checkout the tests were built from: the first folder above the test binaries holding TorchAe.sln.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "TorchAe.sln"))) return dir.FullName;
        throw new InvalidOperationException($"no TorchAe.sln above {AppContext.BaseDirectory}");
    }
}
