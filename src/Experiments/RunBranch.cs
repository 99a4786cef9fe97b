using System.Text.Json.Nodes;
using TorchAe.IO;
using TorchAe.Reporting.TensorBoard;
using TorchAe.Training;
using TorchAe.Training.Experiment;

namespace TorchAe.Experiments;

/// <summary><c>--branch DIR</c>: a new run that starts from the checkpoint of the run in DIR and differs from it only in
/// the stages that checkpoint has not begun — fine-tuning at another learning rate after one pretraining, or fine-tuning
/// added to a run made with <c>--no-finetune</c>. The stages it has begun keep DIR's configuration, so the branch's
/// config.json describes every stage truthfully; the new folder receives DIR's checkpoint, metrics.csv, gradients.csv,
/// units-layer*.csv and TensorBoard files, and then continues as a resumed run. DIR is only read.</summary>
internal static class RunBranch
{
    /// <summary>Checks that <paramref name="config"/> may branch from the run in <paramref name="from"/> (throws
    /// <see cref="RunFolderException"/> naming the first field that differs in a begun stage), then copies what a resumed
    /// run needs into <paramref name="to"/>, a folder that holds no run (or <paramref name="force"/>), and writes
    /// <paramref name="recorded"/> as its config.json. A failed copy leaves <paramref name="to"/> without a run.</summary>
    public static void Start(string from, string to, ExperimentConfig config, ExperimentConfig recorded, bool supervised, bool force)
    {
        var saved = RunDirectory.SavedConfig(from, "--branch");
        if (Path.TrimEndingDirectorySeparator(Path.GetFullPath(to)) == Path.TrimEndingDirectorySeparator(Path.GetFullPath(from)))
            throw new RunFolderException($"--branch {from}: --out must name another folder (the branch is a new run; DIR is only read)");
        var store = new CheckpointStore(from);
        if (!store.Exists) throw new RunFolderException($"--branch {from}: no checkpoint there to start from (checkpoint/state.json)");
        CheckpointState state;
        try { state = store.Read(); }
        catch (Exception e) when (e is DataFormatException or InvalidDataException or FormatException)
        {
            throw new RunFolderException($"--branch {from}: {e.Message}");
        }
        var before = Stage.Plan(saved.Pipeline, supervised);
        var after = Stage.Plan(config.Pipeline, supervised);
        int begun = Math.Min(before.Count, state.CompletedStages + (state.Loop is null ? 0 : 1));
        for (int i = 0; i < begun; i++)
            if (i >= after.Count || after[i] != before[i])
                throw new RunFolderException($"--branch {from}: its checkpoint has begun {before[i].Label} (stage {i + 1}), which the new plan "
                    + (i >= after.Count ? "does not have" : $"replaces with {after[i].Label}"));
        var free = before.Skip(begun).Concat(after.Skip(begun)).Distinct().ToList();
        var difference = RunDirectory.FirstDifference(Owned(saved, free), Owned(config, free), "$");
        if (difference is not null)
            throw new RunFolderException($"--branch {from}: {difference}, but its checkpoint has begun the stages that read it; "
                + (free.Count == 0 ? "it has begun every stage, so a branch of it can change nothing (start a new run instead)"
                    : $"a branch may change only the stages not begun ({string.Join(", ", free.Select(s => s.Label))})"));

        var run = RunDirectory.Create(to, force);
        var copied = new List<string>();
        try
        {
            foreach (var name in Carried(from))
            {
                var target = run.File(name);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(Path.Combine(from, name), target);
                copied.Add(target);
            }
            run.WriteConfig(recorded);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            foreach (var file in copied) File.Delete(file);
            throw new RunFolderException($"--branch {from}: copying into {to} failed: {e.Message}");
        }
    }

    /// <summary>The files of a run folder that a resumed run reads or continues (relative names).</summary>
    static IEnumerable<string> Carried(string from) =>
        Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(from, f))
            .Where(n => n.StartsWith("checkpoint" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                || n is "metrics.csv" or "gradients.csv"
                || (n.StartsWith("units-layer", StringComparison.Ordinal) && n.EndsWith(".csv", StringComparison.Ordinal))
                || n.StartsWith(TensorBoardSink.FilePrefix, StringComparison.Ordinal));

    /// <summary>The configuration as config.json compares it, without the fields that only the stages in
    /// <paramref name="free"/> read: a pretraining layer's loss and corruption, the pretraining optimiser when no
    /// pretraining stage has begun, the head's optimiser and λ, fine-tuning's switch, optimiser and λ.</summary>
    static JsonNode Owned(ExperimentConfig c, IReadOnlyList<Stage> free)
    {
        var json = RunDirectory.Comparable(c);
        var pipeline = json["pipeline"]!.AsObject();
        foreach (var stage in free)
            switch (stage)
            {
                case PretrainStage p:
                    var layer = pipeline["layers"]![p.Layer - 1]!.AsObject();
                    layer.Remove("loss");
                    layer.Remove("corruption");
                    break;
                case ClassifierStage:
                    pipeline.Remove("classifier");
                    pipeline.Remove("classifier_lambda");
                    break;
                case FineTuneStage:
                    pipeline.Remove("fine_tune");
                    pipeline.Remove("fine_tuning");
                    pipeline.Remove("fine_tune_encoder_lambda");
                    break;
            }
        if (free.OfType<PretrainStage>().Count() == c.Pipeline.Layers.Count) pipeline.Remove("pretrain");
        return json;
    }
}
