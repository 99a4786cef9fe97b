using System.Runtime.InteropServices;

namespace TorchAe.Runtime;

/// <summary>Raised when libtorch cannot be loaded; the message carries the loader's real reason (as ldd would say it),
/// not TorchSharp's misleading "doesn't contain a reference to libtorch-cpu-linux-x64".</summary>
public sealed class TorchUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Loads TorchSharp's native libraries once and, when that fails, finds out why.</summary>
public static class TorchRuntime
{
    static readonly Lazy<Exception?> Failure = new(TryLoad);

    /// <summary>Which TorchSharp package this build references: "cpu" (TorchSharp-cpu) or "cuda" (TorchSharp-cuda-linux),
    /// from <c>dotnet build -p:TorchBackend=...</c>.</summary>
    public static string Backend { get; } = typeof(TorchRuntime).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
        .Cast<System.Reflection.AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "TorchBackend")?.Value ?? "unknown";

    /// <summary>Throws <see cref="TorchUnavailableException"/> with the real cause when torch cannot load.</summary>
    public static void EnsureLoaded()
    {
        if (Failure.Value is { } e) throw e;
    }

    static Exception? TryLoad()
    {
        try
        {
            _ = torch.get_num_threads();
            return null;
        }
        catch (Exception e) when (e is TypeInitializationException or NotSupportedException or DllNotFoundException)
        {
            return new TorchUnavailableException(Diagnose() ?? $"libtorch could not be loaded: {Innermost(e).Message}", e);
        }
    }

    /// <summary>dlopen()s the shim ourselves: its error names the missing library or symbol version.</summary>
    static string? Diagnose()
    {
        var shim = FindShim();
        if (shim is null)
            return $"libLibTorchSharp.so was not found under {AppContext.BaseDirectory}: the build output is incomplete (rebuild with 'dotnet build').";
        foreach (var dependency in new[] { "libc10.so", "libtorch_cpu.so", "libtorch.so" })
        {
            var path = Path.Combine(Path.GetDirectoryName(shim)!, dependency);
            if (File.Exists(path) && !NativeLibrary.TryLoad(path, out _))
                return LoadError(path);
        }
        return NativeLibrary.TryLoad(shim, out _) ? null : LoadError(shim);
    }

    static string LoadError(string path)
    {
        try
        {
            NativeLibrary.Load(path);
            return $"libtorch could not be loaded from {path}";
        }
        catch (DllNotFoundException e)
        {
            return $"libtorch could not be loaded: {e.Message.Trim()} (if it names GLIBCXX_3.4.32, rebuild: the build marks that version weak in its output; see README)";
        }
    }

    /// <summary>The libtorch files this process has mapped (libtorch*, libc10*, TorchSharp's shim), from /proc/self/maps:
    /// which libtorch actually loaded. Empty where that file does not exist.</summary>
    public static IReadOnlyList<string> LoadedLibraries()
    {
        const string maps = "/proc/self/maps";
        if (!File.Exists(maps)) return [];
        return File.ReadLines(maps)
            .Select(line => line.IndexOf('/') is var at and >= 0 ? line[at..] : "")
            .Where(path => Path.GetFileName(path) is var name
                && (name.StartsWith("libtorch", StringComparison.Ordinal) || name.StartsWith("libc10", StringComparison.Ordinal) || name == "libLibTorchSharp.so"))
            .Distinct().Order(StringComparer.Ordinal).ToList();
    }

    static string? FindShim()
    {
        var root = AppContext.BaseDirectory;
        foreach (var candidate in new[] { Path.Combine(root, "libLibTorchSharp.so"), Path.Combine(root, "runtimes", "linux-x64", "native", "libLibTorchSharp.so") })
            if (File.Exists(candidate)) return candidate;
        return null;
    }

    static Exception Innermost(Exception e) => e.InnerException is null ? e : Innermost(e.InnerException);
}
