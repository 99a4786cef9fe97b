using System.Diagnostics;
using System.Text.Json.Nodes;
using TorchAe.Data;
using TorchAe.Data.Sets;
using TorchAe.Interop;
using TorchAe.Tests.Support;
using TorchAe.Training.Experiment;
using static TorchSharp.torch;

namespace TorchAe.Tests.Reliability.Fuzz;

/// <summary>One fuzz case: a reader, the case's seed and index (which fix every mutation), the mutated file and what
/// was done to it. <see cref="Run"/> makes the case's files in a fresh folder, runs the reader's command (in-process
/// through <c>CommandLine.Run</c>, or through the real program) and sorts the result into an outcome.</summary>
public sealed record FuzzCase(string Reader, int Seed, int Index)
{
    /// <summary>What a case may end in; everything but ok and refused is a failure.</summary>
    /// A resumed checkpoint may also end in <c>diverged</c> (exit 1 with the one line that says so: weights a mutation
    /// left finite but huge); for a checkpoint, <c>leftovers</c> means a refused resume changed a file of the run folder.
    public static readonly string[] Outcomes = ["ok", "refused", "crash", "hang", "leftovers", "multi-line", "exception-name", "inconsistent", "diverged"];

    /// <summary>The readers, each with the seed files it starts from and the files a case may mutate.</summary>
    public static readonly string[] Readers = ["idx", "csv", "pgm", "folder", "model.json", "model.dat", "pt", "safetensors", "config", "idx.gz", "pgm.gz", "checkpoint"];

    /// <summary>A case taking longer than this counts as a hang.</summary>
    public static readonly TimeSpan HangLimit = TimeSpan.FromSeconds(20);

    /// <summary>The hang limit of this case: an accepted checkpoint resumes and trains to the end, which took 21 s
    /// through the program on the loaded 2-core machine (a reader alone stays far below 20 s), so it gets 90 s.</summary>
    public TimeSpan Limit => Reader == "checkpoint" ? TimeSpan.FromSeconds(90) : HangLimit;

    /// <summary>The case's reader for index i of a run: the readers in turn, so every reader gets an equal share of the cases.</summary>
    public static FuzzCase For(int seed, int index) => new(Readers[index % Readers.Length], seed, index);

    public sealed record Result(string Outcome, int Code, string Mutation, string Error, TimeSpan Time);

    /// <summary>Makes the case's files under <paramref name="folder"/> and returns the command line (with
    /// <c>{out}</c>, the output that must not exist after a refusal) and what was mutated.</summary>
    public (string[] Args, string Out, string Mutation) Prepare(FuzzSeeds seeds, string folder)
    {
        var random = new Random(unchecked(Seed * 1_000_003 + Index));
        string Copy(string name)
        {
            var source = Path.Combine(seeds.Path, name);
            var target = Path.Combine(folder, name);
            if (Directory.Exists(source))
                foreach (var f in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
                {
                    var to = Path.Combine(target, Path.GetRelativePath(source, f));
                    Directory.CreateDirectory(Path.GetDirectoryName(to)!);
                    File.Copy(f, to);
                }
            else File.Copy(source, target);
            return target;
        }
        string Mutate(string file, string format)
        {
            var bytes = File.ReadAllBytes(file);
            var what = new List<string>();
            int count = random.Next(10) < 7 ? 1 : 2;
            for (int i = 0; i < count; i++)
            {
                (bytes, var w) = Mutator.Apply(format, bytes, random);
                what.Add(w);
            }
            File.WriteAllBytes(file, bytes);
            return $"{Path.GetRelativePath(folder, file)}: {string.Join("; ", what)}";
        }
        var output = Path.Combine(folder, "out");
        switch (Reader)
        {
            case "idx":
            {
                var dir = Copy("mnist");
                var files = Directory.GetFiles(dir).Order(StringComparer.Ordinal).ToArray();
                return (["dataset", "mnist", "--data", dir, "--out", output], output, Mutate(files[random.Next(files.Length)], "idx"));
            }
            case "csv":
            {
                var file = Copy("data.csv");
                return (["dataset", "csv", "--data", file, "--out", output], output, Mutate(file, "csv"));
            }
            case "pgm":
            {
                var file = Copy("image.pgm");
                return (["dataset", "patches", "--data", file, "--patch-size", "4", "--count", "20", "--out", output], output, Mutate(file, "pgm"));
            }
            case "folder":
            {
                var dir = Copy("folder");
                var files = Directory.GetFiles(dir, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
                return (["dataset", "folder", "--data", dir, "--out", output], output, Mutate(files[random.Next(files.Length)], "png"));
            }
            case "model.json" or "model.dat":
            {
                var dir = Copy("archive");
                var exported = Path.Combine(folder, "exported.safetensors");
                return (["export", "--run", dir, "--format", "safetensors", "--out", exported], exported,
                    Mutate(Path.Combine(dir, Reader), Reader == "model.json" ? "json" : "bytes"));
            }
            case "pt":
            {
                var file = Copy("model.pt");
                var sidecar = Copy("model.pt.json");
                var mutation = random.Next(5) == 0 ? Mutate(sidecar, "json") : Mutate(file, "pt");
                return (["import", "--file", file, "--out", output], output, mutation);
            }
            case "safetensors":
            {
                var file = Copy("model.safetensors");
                return (["import", "--file", file, "--out", output], output, Mutate(file, "safetensors"));
            }
            case "idx.gz":
            {
                var dir = Copy("mnist-gz");
                var files = Directory.GetFiles(dir).Order(StringComparer.Ordinal).ToArray();
                return (["dataset", "mnist", "--data", dir, "--out", output], output, Mutate(files[random.Next(files.Length)], "idx.gz"));
            }
            case "pgm.gz":
            {
                var file = Copy("image.pgm.gz");
                return (["dataset", "patches", "--data", file, "--patch-size", "4", "--count", "20", "--out", output], output, Mutate(file, "pgm.gz"));
            }
            case "checkpoint":
            {
                // state.json (its numbers, the optimiser's scalars, the stage reports) or the tensor file (header,
                // offsets, shapes, truncation, the bytes of weights, Adam's moments and the generators' states).
                var dir = Copy("run");
                var checkpoint = Path.Combine(dir, "checkpoint");
                var tensors = Directory.GetFiles(checkpoint, "tensors-*.safetensors").Single();
                var mutation = random.Next(2) == 0 ? Mutate(Path.Combine(checkpoint, "state.json"), "json") : Mutate(tensors, "safetensors");
                return (["shapes", "--resume", dir, "--quiet"], output, mutation);
            }
            default:
            {
                var file = Copy("config.json");
                return (["train", "--config", file, "--print-config"], output, Mutate(file, "json"));
            }
        }
    }

    /// <summary>Runs the case in-process in a fresh folder under <paramref name="root"/>, which it removes afterwards.</summary>
    public Result Run(FuzzSeeds seeds, string root)
    {
        var folder = Path.Combine(root, $"case-{Index}");
        Directory.CreateDirectory(folder);
        try
        {
            var (args, output, mutation) = Prepare(seeds, folder);
            var before = Snapshot(folder);
            var clock = Stopwatch.StartNew();
            int code;
            string stdout, stderr;
            try
            {
                (code, stdout, stderr) = Torchae.Run(args);
            }
            catch (Exception e)
            {
                return new Result("crash", -1, mutation, $"{e.GetType().Name}: {e.Message.Split('\n')[0]}", clock.Elapsed);
            }
            var time = clock.Elapsed;
            return new Result(Classify(seeds, folder, before, code, stdout, stderr, output, time), code, mutation, stderr.TrimEnd('\n'), time);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The outcome of a finished command: refused with one clean line and nothing left (for a checkpoint: every
    /// file of the run folder byte-identical), or accepted and self-consistent; anything else names the failure.
    /// <paramref name="before"/> is <see cref="Snapshot"/> taken before the command ran.</summary>
    public string Classify(FuzzSeeds seeds, string folder, string? before, int code, string stdout, string stderr, string output, TimeSpan time)
    {
        if (time > Limit) return "hang";
        if (code == 2)
        {
            if (File.Exists(output) || Directory.Exists(output) || before != Snapshot(folder)) return "leftovers";
            if (stderr.Count(c => c == '\n') != 1 || stdout.Length > 0) return "multi-line";
            if (stderr.Contains("Exception", StringComparison.Ordinal) || stderr.Contains("   at ", StringComparison.Ordinal) || stderr.Contains("frame #", StringComparison.Ordinal))
                return "exception-name";
            return "refused";
        }
        if (code == 1 && Reader == "checkpoint" && stderr.Count(c => c == '\n') == 1 && stderr.Contains("training diverged", StringComparison.Ordinal)) return "diverged";
        if (code != 0) return "crash";
        try
        {
            return Consistent(seeds, folder, stdout, output) ? "ok" : "inconsistent";
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return "inconsistent";   // what was accepted cannot be read back
        }
    }

    /// <summary>An accepted file must read to a self-consistent result: the data set's summary written, the imported
    /// archive loading back with the file's tensors, the exported file holding the archive's tensors, the config
    /// printing to a record that reads back to itself.</summary>
    bool Consistent(FuzzSeeds seeds, string folder, string stdout, string output)
    {
        switch (Reader)
        {
            case "checkpoint":
            {
                // Resumed to the end: summary.json written (last), and the rows of every stage and epoch of the plan.
                var run = Path.Combine(folder, "run");
                return JsonNode.Parse(File.ReadAllText(Path.Combine(run, "summary.json"))) is JsonObject
                    && FuzzSeeds.MetricsRows(run).SequenceEqual(seeds.ResumedRows)
                    && !Directory.EnumerateFiles(run, "*.tmp*", SearchOption.AllDirectories).Any();
            }
            case "idx" or "csv" or "pgm" or "folder" or "idx.gz" or "pgm.gz":
            {
                var json = Path.Combine(output, "dataset.json");
                if (!File.Exists(json) || !File.Exists(Path.Combine(output, "preview.png")) || JsonNode.Parse(File.ReadAllText(json)) is not JsonObject)
                    return false;
                // The accepted file read again by the library: every set whole (count × features values, all finite,
                // labels naming a class) and the count the command printed.
                var options = Reader switch
                {
                    "idx" => new DataOptions { Source = DataSource.Mnist, Paths = [Path.Combine(folder, "mnist")], TrainCount = null, TestCount = null },
                    "idx.gz" => new DataOptions { Source = DataSource.Mnist, Paths = [Path.Combine(folder, "mnist-gz")], TrainCount = null, TestCount = null },
                    "pgm.gz" => new DataOptions { Source = DataSource.Patches, Paths = [Path.Combine(folder, "image.pgm.gz")], PatchSize = 4, TrainCount = 20, TestCount = null },
                    "csv" => new DataOptions { Source = DataSource.Csv, Paths = [Path.Combine(folder, "data.csv")], TrainCount = null, TestCount = null },
                    "pgm" => new DataOptions { Source = DataSource.Patches, Paths = [Path.Combine(folder, "image.pgm")], PatchSize = 4, TrainCount = 20, TestCount = null },
                    _ => new DataOptions { Source = DataSource.Folder, Paths = [Path.Combine(folder, "folder")], TrainCount = null, TestCount = null },
                };
                var (train, test) = DataLoader.Load(options, seed: 1);
                return new[] { train, test }.OfType<Dataset>().All(Whole) && stdout.Contains($"train {train.Count} samples", StringComparison.Ordinal);
            }
            case "config":
            {
                var config = ExperimentJson.Parse(stdout, "stdout");
                return ExperimentJson.Serialize(config).Trim() == stdout.Trim();
            }
            case "model.json" or "model.dat":
            {
                using var scope = NewDisposeScope();
                var archive = StackArchive.Load(Path.Combine(Path.GetDirectoryName(output)!, "archive"), CPU);
                return SameTensors(archive, StateDictFile.Read(output));
            }
            default:
            {
                using var scope = NewDisposeScope();
                var archive = StackArchive.Load(output, CPU);
                var file = Path.Combine(Path.GetDirectoryName(output)!, Reader == "pt" ? "model.pt" : "model.safetensors");
                return SameTensors(archive, StateDictFile.Read(file));
            }
        }
    }

    /// <summary>For a checkpoint case, relative name and SHA-256 of every file of its run folder (what a refused resume
    /// must leave byte-identical); null for the other readers, whose refusals must leave no output at all.</summary>
    public string? Snapshot(string folder)
    {
        if (Reader != "checkpoint") return null;
        var run = Path.Combine(folder, "run");
        return string.Join('\n', Directory.EnumerateFiles(run, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(f => $"{Path.GetRelativePath(run, f)} {Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f)))}"));
    }

    static bool Whole(Dataset d) =>
        d.Count > 0 && d.Features.Length == (long)d.Count * d.FeatureCount && d.Features.All(float.IsFinite)
        && (d.Labels is null || (d.Labels.Length == d.Count && d.Labels.All(l => l >= 0 && l < d.ClassNames.Count)));

    /// <summary>Bit for bit (a file may hold NaN weights, which no value comparison equates).</summary>
    static bool SameTensors(TrainedModel model, Dictionary<string, Tensor> file)
    {
        var mine = model.Stack.state_dict().ToDictionary(p => p.Key, p => p.Value);
        for (int l = 0; l < model.Autoencoders.Count; l++)
            foreach (var (k, v) in model.Autoencoders[l].state_dict()) mine[$"autoencoders.{l}.{k}"] = v;
        return mine.Count == file.Count && mine.All(p => file.TryGetValue(p.Key, out var t) && t.shape.SequenceEqual(p.Value.shape) && t.dtype == p.Value.dtype && t.bytes.SequenceEqual(p.Value.contiguous().bytes));
    }
}
