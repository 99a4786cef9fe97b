using System.Runtime.InteropServices;

namespace TorchAe.Runtime;

/// <summary>Runs the process on tcmalloc (gperftools' <c>libtcmalloc_minimal.so.4</c>, Debian package
/// <c>libtcmalloc-minimal4</c>), which keeps freed blocks of every size for reuse. Under glibc's malloc a block of 32 MiB
/// and more (<see cref="GlibcAllocator.MmapThresholdBytes"/>: glibc refuses a higher mmap threshold) is mapped when
/// allocated and unmapped when freed, so every full-batch evaluation of MNIST 60k got its 48 and 188 MB temporaries as
/// fresh pages that the kernel zeroes, page faults and system time on every evaluation. On
/// tcmalloc an evaluation of the same shapes reuses the pages of the one before (docs/benchmarks.md, <i>Memory</i>).
/// Same bits: libtorch aligns its blocks itself, and the arithmetic does not depend on where they lie.</summary>
/// <remarks>A preloaded allocator has to be named before the process starts (<c>LD_PRELOAD</c>), so
/// <see cref="Enable"/> replaces the process by itself with <c>execve</c>: the same process id, arguments, standard
/// streams and signal handling — Ctrl+C and <c>kill</c> reach it as before; only .NET's start-up runs twice (~0.1 s).
/// The variable is removed again at start, so processes it starts run on their usual allocator.</remarks>
public static partial class CachingAllocator
{
    /// <summary>The library preloaded.</summary>
    public const string Library = "libtcmalloc_minimal.so.4";

    /// <summary>Set to <c>glibc</c> to stay on glibc's malloc (the other accepted value, <c>tcmalloc</c>, is the
    /// default).</summary>
    public const string Variable = "TORCHAE_ALLOCATOR";

    /// <summary>Set by <see cref="Enable"/> for the replaced process only: the original <c>LD_PRELOAD</c> (or empty),
    /// restored at its start; its presence also keeps a failed preload from re-executing again.</summary>
    const string PreloadBefore = "TORCHAE_LD_PRELOAD_BEFORE";

    static readonly string[] LibraryFolders =
        ["/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/usr/lib", "/usr/local/lib"];

    /// <summary>Which allocator the process runs on: <c>tcmalloc</c> or <c>glibc</c>.</summary>
    public static string Current => Loaded() ? "tcmalloc" : "glibc";

    /// <summary>Call first in <c>Main</c>, before anything else allocates or starts threads: unless <see cref="Variable"/>
    /// says <c>glibc</c>, re-executes the process with tcmalloc preloaded where it is installed and not yet loaded, and
    /// does not return then. Returns whether the process runs on tcmalloc: false on other systems, where the library
    /// is missing, or when the preload failed.</summary>
    public static bool Enable()
    {
        if (!OperatingSystem.IsLinux()) return false;
        if (Environment.GetEnvironmentVariable(PreloadBefore) is { } before)
        {
            // The replaced process: hand the original LD_PRELOAD back to whatever this process starts.
            Restore("LD_PRELOAD", before.Length == 0 ? null : before);
            Restore(PreloadBefore, null);
            return Loaded();
        }
        if (Loaded()) return true;
        if (string.Equals(Environment.GetEnvironmentVariable(Variable), "glibc", StringComparison.OrdinalIgnoreCase)) return false;
        if (LibraryFolders.Select(f => Path.Combine(f, Library)).FirstOrDefault(File.Exists) is not { } library) return false;
        if (Environment.ProcessPath is not { } executable || Arguments() is not { Length: > 0 } arguments) return false;

        string original = Environment.GetEnvironmentVariable("LD_PRELOAD") ?? "";
        var environment = Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .Where(e => (string)e.Key is not ("LD_PRELOAD" or PreloadBefore))
            .Select(e => $"{e.Key}={e.Value}")
            .Append($"LD_PRELOAD={(original.Length == 0 ? library : library + ":" + original)}")
            .Append($"{PreloadBefore}={original}")
            .ToArray();
        Execute(executable, arguments, environment);
        return false;   // execve failed: carry on with glibc
    }

    /// <summary>Whether tcmalloc is mapped into this process.</summary>
    static bool Loaded()
    {
        try
        {
            return File.ReadLines("/proc/self/maps").Any(l => l.EndsWith("/" + Library, StringComparison.Ordinal) || l.Contains("/libtcmalloc", StringComparison.Ordinal));
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>The process's own argv, exactly as it was started (the host and, under <c>dotnet</c>, the dll).</summary>
    static string[]? Arguments()
    {
        try
        {
            var text = File.ReadAllText("/proc/self/cmdline");
            return text.Length == 0 ? null : text.TrimEnd('\0').Split('\0');
        }
        catch (IOException)
        {
            return null;
        }
    }

    static void Restore(string name, string? value)
    {
        Environment.SetEnvironmentVariable(name, value);
        if (value is null) UnsetEnv(name);
        else SetEnv(name, value, 1);
    }

    static void Execute(string path, string[] arguments, string[] environment)
    {
        var argv = Native(arguments);
        var envp = Native(environment);
        try
        {
            ExecVe(path, argv, envp);
        }
        finally
        {
            foreach (var p in argv.Concat(envp)) Marshal.FreeCoTaskMem(p);
        }
    }

    /// <summary>A NULL-terminated array of UTF-8 strings.</summary>
    static IntPtr[] Native(string[] values) => [.. values.Select(Marshal.StringToCoTaskMemUTF8), IntPtr.Zero];

    [LibraryImport("libc", EntryPoint = "execve", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int ExecVe(string path, IntPtr[] argv, IntPtr[] envp);

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);

    [LibraryImport("libc", EntryPoint = "unsetenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int UnsetEnv(string name);
}
