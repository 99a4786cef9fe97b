using System.Text.Json.Nodes;
using TorchAe.IO;
using TorchAe.Reporting.TensorBoard;
using TorchAe.Training;
using TorchAe.Training.Experiment;

namespace TorchAe.Experiments;

/// <summary>A run folder: refuses to overwrite another run (unless --force), checks that --resume points at a run of
/// the same configuration that holds a checkpoint, and writes config.json. summary.json is written last by the runner,
/// so a folder without it is visibly incomplete.</summary>
internal sealed class RunDirectory
{
    public const string ConfigFile = "config.json", SummaryFile = "summary.json";
    static readonly string[] RunFiles = [ConfigFile, SummaryFile, "metrics.csv", "checkpoint"];

    /// <summary>Every output a run writes, removed by --force so no picture of the old run stays behind.</summary>
    static readonly string[] Outputs =
    [
        ConfigFile, SummaryFile, "metrics.csv", "units-layer*.csv", "confusion.csv", "report.html", "model.json", "model.dat",
        "model.pt", "model.safetensors", "weights-layer*.png", "reconstructions.png", "loss.png", "accuracy.png", "rho-hat-*.png",
        "gradient-norms.png", TensorBoardSink.FilePrefix + "*",
    ];

    RunDirectory(string path, bool resuming)
    {
        Path = path;
        Resuming = resuming;
    }

    public string Path { get; }
    public bool Resuming { get; }
    public CheckpointStore Checkpoints => new(Path);

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>A fresh run: the folder must not hold another run unless <paramref name="force"/>, and must be writable.</summary>
    public static RunDirectory Create(string path, bool force)
    {
        var existing = RunFiles.Where(f => System.IO.File.Exists(System.IO.Path.Combine(path, f)) || Directory.Exists(System.IO.Path.Combine(path, f))).ToList();
        if (existing.Count > 0 && !force)
            throw new RunFolderException($"--out {path} already holds a run ({string.Join(", ", existing)}); use --force to replace it or --resume {path} to continue it");
        EnsureWritable(path);
        if (existing.Count > 0)
        {
            foreach (var file in Outputs.SelectMany(pattern => Directory.GetFiles(path, pattern))) System.IO.File.Delete(file);
            var checkpoint = System.IO.Path.Combine(path, "checkpoint");
            if (Directory.Exists(checkpoint)) Directory.Delete(checkpoint, recursive: true);
        }
        return new RunDirectory(path, resuming: false);
    }

    /// <summary>The configuration of the run in <paramref name="path"/> (its config.json), for <paramref name="option"/>
    /// (--resume or --branch), which errors name.</summary>
    public static ExperimentConfig SavedConfig(string path, string option = "--resume")
    {
        var configPath = System.IO.Path.Combine(path, ConfigFile);
        if (!Directory.Exists(path))
            throw new RunFolderException($"{option} {path}: no such folder");
        if (!System.IO.File.Exists(configPath))
            throw new RunFolderException($"{option} {path}: no {ConfigFile} there, so it is not a TorchAe run folder");
        return ExperimentJson.Load(configPath);
    }

    /// <summary>Continue the run in <paramref name="path"/>: it must hold a config equal to <paramref name="config"/>. Without a
    /// checkpoint (killed before its first one) the run starts again from its beginning.</summary>
    public static RunDirectory Resume(string path, ExperimentConfig config)
    {
        var saved = SavedConfig(path);
        var difference = FirstDifference(Comparable(saved), Comparable(config), "$");
        if (difference is not null)
            throw new RunFolderException($"--resume {path}: that run was made with another configuration ({difference}); leave that option out (the run's config.json is used) or start a new run");
        EnsureWritable(path);
        return new RunDirectory(path, resuming: true);
    }

    /// <summary>Creates <paramref name="folder"/> and proves a file can be written there; throws <see cref="RunFolderException"/> otherwise.</summary>
    public static void EnsureWritable(string folder)
    {
        try
        {
            if (System.IO.File.Exists(folder)) throw new RunFolderException($"--out {folder} is a file, not a folder");
            for (var parent = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(folder)); parent is not null; parent = System.IO.Path.GetDirectoryName(parent))
                if (System.IO.File.Exists(parent)) throw new RunFolderException($"--out {folder} is not writable: {parent} is a file, not a folder");
            Directory.CreateDirectory(folder);
            var probe = System.IO.Path.Combine(folder, $".write-probe-{Environment.ProcessId}");
            System.IO.File.WriteAllText(probe, "");
            System.IO.File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RunFolderException($"--out {folder} is not writable: {e.Message}");
        }
    }

    /// <summary>Writes config.json atomically.</summary>
    public void WriteConfig(ExperimentConfig config) => AtomicFile.WriteText(File(ConfigFile), ExperimentJson.Serialize(config));

    /// <summary>The configuration as two runs compare it: without the command line, thread count and provenance.</summary>
    internal static JsonNode Comparable(ExperimentConfig c) =>
        JsonNode.Parse(ExperimentJson.Serialize(c with { CommandLine = null, Threads = 0, Provenance = null }))!;

    /// <summary>The first field (JSON path) where <paramref name="a"/> and <paramref name="b"/> differ, with both values; null when equal.</summary>
    internal static string? FirstDifference(JsonNode? a, JsonNode? b, string path) => (a, b) switch
    {
        (JsonObject x, JsonObject y) => x.Select(p => p.Key).Union(y.Select(p => p.Key))
            .Select(k => FirstDifference(x[k], y[k], $"{path}.{k}")).FirstOrDefault(d => d is not null),
        (JsonArray x, JsonArray y) when x.Count == y.Count => x.Select((v, i) => FirstDifference(v, y[i], $"{path}[{i}]")).FirstOrDefault(d => d is not null),
        _ => JsonNode.DeepEquals(a, b) ? null : $"{path} was {a?.ToJsonString() ?? "absent"}, now {b?.ToJsonString() ?? "absent"}",
    };
}
