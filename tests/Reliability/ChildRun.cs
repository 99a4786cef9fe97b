using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;

namespace TorchAe.Tests.Reliability;

/// <summary>torchae as a real child process (<c>dotnet torchae.dll …</c>; the test project references the program, so
/// torchae.dll lies beside the test assembly), and the comparison of two run folders.</summary>
public sealed class ChildRun : IDisposable
{
    public static string Dll { get; } = Path.Combine(AppContext.BaseDirectory, "torchae.dll");

    readonly Process process;
    readonly StringBuilder output = new(), error = new();
    readonly Stopwatch clock = Stopwatch.StartNew();

    ChildRun(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        if (!File.Exists(Dll)) throw new InvalidOperationException($"{Dll} is missing: build the solution first");
        // A child inherits ignored signals, and .NET leaves an ignored SIGINT ignored (a background job of a
        // non-interactive shell — `cmd &` in a CI script — starts so): env(1) gives the child Ctrl+C's default back, so
        // that it can be interrupted as a user's terminal would, whoever started the tests.
        var start = new ProcessStartInfo(SigIntIgnored ? "env" : "dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        if (SigIntIgnored) { start.ArgumentList.Add("--default-signal=INT"); start.ArgumentList.Add("dotnet"); }
        start.ArgumentList.Add(Dll);
        foreach (var a in args) start.ArgumentList.Add(a);
        process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        process.OutputDataReceived += (_, e) => { lock (output) if (e.Data is not null) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (error) if (e.Data is not null) error.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public static ChildRun Start(params string[] args) => new(args);

    /// <summary>As <see cref="Run(TimeSpan, string[])"/>, with these environment variables set in the child.</summary>
    public static (int Code, string Output, string Error) Run(IReadOnlyDictionary<string, string> environment, TimeSpan timeout, params string[] args)
    {
        using var run = new ChildRun(args, environment);
        return run.WaitForExit(timeout);
    }

    /// <summary>Runs to the end (at most <paramref name="timeout"/>) and returns exit code, stdout and stderr.</summary>
    public static (int Code, string Output, string Error) Run(TimeSpan timeout, params string[] args)
    {
        using var run = Start(args);
        return run.WaitForExit(timeout);
    }

    /// <summary>Whether this process ignores SIGINT (bit 2 of /proc/self/status's SigIgn mask), as its children then do.</summary>
    static bool SigIntIgnored { get; } = File.Exists("/proc/self/status") && File.ReadLines("/proc/self/status")
        .FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal)) is { } line
        && (Convert.ToUInt64(line["SigIgn:".Length..].Trim(), 16) & (1UL << (2 - 1))) != 0;

    public int Id => process.Id;
    public bool HasExited => process.HasExited;
    public TimeSpan Elapsed => clock.Elapsed;
    public string Output { get { lock (output) return output.ToString(); } }
    public string Error { get { lock (error) return error.ToString(); } }

    public (int Code, string Output, string Error) WaitForExit(TimeSpan timeout)
    {
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new TimeoutException($"torchae did not finish within {timeout.TotalSeconds:0} s; stdout: {Output}; stderr: {Error}");
        }
        process.WaitForExit();  // drains the redirected streams
        return (process.ExitCode, Output, Error);
    }

    /// <summary>Polls (every 10 ms) until <paramref name="condition"/> holds; false when the process ended first.</summary>
    public bool WaitUntil(Func<bool> condition, TimeSpan timeout)
    {
        var limit = Stopwatch.StartNew();
        while (limit.Elapsed < timeout)
        {
            if (condition()) return true;
            if (process.HasExited) return condition();
            Thread.Sleep(10);
        }
        throw new TimeoutException($"the awaited moment did not come within {timeout.TotalSeconds:0} s; stdout: {Output}");
    }

    /// <summary>SIGKILL: the process ends at once, without running any of its code.</summary>
    public void KillHard()
    {
        process.Kill();
        process.WaitForExit();
    }

    /// <summary>Starts torchae with <paramref name="args"/> plus <c>--out FOLDER</c>, sends <c>kill -9</c> once
    /// <paramref name="reached"/> holds of the folder, and returns the folder and its checkpoint. The test's polling thread
    /// can be seconds late on a loaded machine (a CI run once killed a denoising run three stages past the awaited
    /// epoch), so an attempt whose checkpoint is not <paramref name="inside"/> the awaited stage tests nothing and is
    /// repeated in a fresh folder, three attempts at most; the last attempt's folder is returned either way, for the
    /// caller to assert on.</summary>
    public static (string Folder, TorchAe.Training.CheckpointState State) KillInside(
        Func<int, string> folder, string[] args, Func<string, bool> reached, Func<TorchAe.Training.CheckpointState, bool> inside,
        TimeSpan timeout, Action<string> log)
    {
        for (int attempt = 1; ; attempt++)
        {
            var run = folder(attempt);
            using (var child = Start([.. args, "--out", run]))
            {
                if (!child.WaitUntil(() => reached(run), timeout)) throw new InvalidOperationException($"the run ended before the awaited moment: {child.Error}");
                child.KillHard();
                log($"attempt {attempt}: killed after {child.Elapsed.TotalSeconds:F1} s with {MetricsRows(run).Count} rows in metrics.csv");
            }
            var state = new TorchAe.Training.CheckpointStore(run).Read();
            log($"attempt {attempt}: checkpoint after {state.CompletedStages} stages, epoch {state.Loop?.Epoch}, {state.MetricsRows} rows");
            if (inside(state) || attempt == 3) return (run, state);
        }
    }

    /// <summary>SIGINT, as Ctrl+C in a terminal would send (.NET has no API for it, so via kill(1)).</summary>
    public void Interrupt()
    {
        using var kill = Process.Start("kill", ["-INT", process.Id.ToString()]);
        kill.WaitForExit();
        if (kill.ExitCode != 0) throw new InvalidOperationException($"kill -INT {process.Id} failed");
    }

    public void Dispose()
    {
        if (!process.HasExited) { process.Kill(entireProcessTree: true); process.WaitForExit(); }
        process.Dispose();
    }

    /// <summary>The complete data rows of DIR/metrics.csv so far (a row still being written is not counted).</summary>
    public static IReadOnlyList<string> MetricsRows(string run)
    {
        var path = Path.Combine(run, "metrics.csv");
        if (!File.Exists(path)) return [];
        string text;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            text = new StreamReader(stream).ReadToEnd();
        }
        catch (IOException) { return []; }
        int end = text.LastIndexOf('\n');
        return end < 0 ? [] : text[..end].Split('\n').Skip(1).ToList();
    }

    /// <summary>True once metrics.csv holds a row of <paramref name="stage"/> (and <paramref name="layer"/>, if given) at
    /// epoch <paramref name="epoch"/> or later.</summary>
    public static bool Reached(string run, string stage, int epoch, int? layer = null) => MetricsRows(run).Any(row =>
    {
        var cells = row.Split(',');
        return cells[0] == stage && (layer is null || int.Parse(cells[1]) == layer) && int.Parse(cells[2]) >= epoch;
    });

    /// <summary>Every difference between two finished run folders except what must differ: the seconds in metrics.csv,
    /// summary.json (total and per stage) and report.html, summary.json's peak memory per stage, the command line in config.json, and the checkpoint's timestamps.</summary>
    public static List<string> Differences(string expected, string actual)
    {
        string[] ignored = ["config.json", "report.html", "summary.json", "metrics.csv"];
        var differences = new List<string>();
        var names = Files(expected).Union(Files(actual)).Order(StringComparer.Ordinal);
        foreach (var name in names.Where(n => !ignored.Contains(n) && !n.StartsWith("checkpoint/", StringComparison.Ordinal)))
        {
            string a = Path.Combine(expected, name), b = Path.Combine(actual, name);
            if (!File.Exists(a) || !File.Exists(b)) differences.Add($"{name} only in {(File.Exists(a) ? expected : actual)}");
            else if (!File.ReadAllBytes(a).AsSpan().SequenceEqual(File.ReadAllBytes(b))) differences.Add($"{name} differs");
        }
        var metricsA = WithoutSeconds(expected);
        var metricsB = WithoutSeconds(actual);
        if (metricsA.Count != metricsB.Count) differences.Add($"metrics.csv has {metricsA.Count} vs {metricsB.Count} lines");
        differences.AddRange(metricsA.Zip(metricsB).Select((p, i) => (p, i)).Where(x => x.p.First != x.p.Second)
            .Take(3).Select(x => $"metrics.csv line {x.i + 1}: {x.p.First} vs {x.p.Second}"));
        var summaryA = Summary(expected);
        var summaryB = Summary(actual);
        if (!JsonNode.DeepEquals(summaryA, summaryB)) differences.Add($"summary.json: {summaryA.ToJsonString()} vs {summaryB.ToJsonString()}");
        return differences;
    }

    /// <summary>A copy of a run folder, as a user's <c>cp -r</c> makes it.</summary>
    public static void CopyFolder(string from, string to)
    {
        foreach (var name in Files(from))
        {
            var target = Path.Combine(to, name);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(Path.Combine(from, name), target);
        }
    }

    /// <summary>Every file of a folder (relative name → bytes).</summary>
    public static Dictionary<string, byte[]> Snapshot(string folder) =>
        Files(folder).ToDictionary(n => n, n => File.ReadAllBytes(Path.Combine(folder, n)));

    static IEnumerable<string> Files(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/'));

    // seconds is the 15th column; evaluations after it stays compared.
    static List<string> WithoutSeconds(string run) =>
        File.ReadAllLines(Path.Combine(run, "metrics.csv")).Select(l => l.Split(',')).Select(c => string.Join(",", c[..14].Concat(c[15..]))).ToList();

    static JsonObject Summary(string run)
    {
        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(run, "summary.json")))!.AsObject();
        summary.Remove("seconds_total");
        // A stage's seconds, the process's peak memory, page faults and system and user time are the machine's, not the run's:
        // they differ between processes.
        foreach (var stage in summary["stages"]?.AsArray() ?? [])
        {
            stage!.AsObject().Remove("seconds");
            stage.AsObject().Remove("peak_rss_bytes");
            stage.AsObject().Remove("minor_page_faults");
            stage.AsObject().Remove("system_seconds");
            stage.AsObject().Remove("user_seconds");
        }
        return summary;
    }
}
