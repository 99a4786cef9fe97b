using System.ComponentModel;
using TorchAe.Tests.Support;

namespace TorchAe.Tests.Interop;

/// <summary>Finds a Python that can <c>import torch</c> (<c>$TORCHAE_PYTHON</c> when set, else the first of <c>python3</c>
/// on PATH and <c>/usr/bin/python3</c>) once per test run, and runs scripts with it. Debian's python3-torch uses whatever BLAS
/// the alternatives name; the OpenMP OpenBLAS is put first on the library path when installed (.ci/install).</summary>
public static class PythonTorch
{
    const string OpenBlas = "/usr/lib/x86_64-linux-gnu/openblas-openmp";
    static readonly Lazy<(string? Python, string Description)> Probe = new(Find);

    /// <summary>The interpreter, or null when none imports torch.</summary>
    public static string? Python => Probe.Value.Python;

    /// <summary>"python3 3.11.2, torch 1.13.0a0", or why no interpreter qualified.</summary>
    public static string Description => Probe.Value.Description;

    public static IReadOnlyDictionary<string, string?> Environment { get; } = new Dictionary<string, string?>
    {
        ["LD_LIBRARY_PATH"] = Directory.Exists(OpenBlas)
            ? string.Join(':', new[] { OpenBlas, System.Environment.GetEnvironmentVariable("LD_LIBRARY_PATH") }.Where(p => !string.IsNullOrEmpty(p)))
            : System.Environment.GetEnvironmentVariable("LD_LIBRARY_PATH"),
        ["OMP_NUM_THREADS"] = "1",
        ["PYTHONDONTWRITEBYTECODE"] = "1",
    };

    public static (int Code, string Output, string Error) Run(IEnumerable<string> args, TimeSpan timeout) =>
        ExternalProcess.Run(Python ?? throw new InvalidOperationException(Description), args, timeout, Environment);

    static (string? Python, string Description) Find()
    {
        var chosen = System.Environment.GetEnvironmentVariable("TORCHAE_PYTHON");
        var candidates = string.IsNullOrWhiteSpace(chosen) ? new[] { "python3", "/usr/bin/python3" } : new[] { chosen };
        var failures = new List<string>();
        foreach (var candidate in candidates)
        {
            try
            {
                var r = ExternalProcess.Run(candidate, ["-c", "import sys, torch; print(sys.version.split()[0], torch.__version__)"], TimeSpan.FromSeconds(60), Environment);
                if (r.Code == 0)
                {
                    var parts = r.Output.Trim().Split(' ');
                    return (candidate, $"{candidate} (Python {parts[0]}, torch {parts[^1]})");
                }
                failures.Add($"{candidate}: {r.Error.Trim().Split('\n')[^1]}");
            }
            catch (Win32Exception)
            {
                failures.Add($"{candidate}: not found");
            }
            catch (TimeoutException)
            {
                failures.Add($"{candidate}: 'import torch' took over 60 s");
            }
        }
        return (null, $"no Python with PyTorch ({string.Join("; ", failures)}); run .ci/install (apt-get install python3-torch) or set TORCHAE_PYTHON");
    }
}
