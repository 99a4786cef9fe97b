using System.Text.Json.Nodes;
using TorchAe.Tests.Reliability;
using TorchAe.Tests.Support;

namespace TorchAe.Tests.Experiments;

/// <summary><c>--branch DIR</c>: a new run from another run's checkpoint. Fine-tuning branched from a run made with
/// <c>--no-finetune</c> gives the uninterrupted run bit for bit (the branch is that run, continued); a branch that changes
/// an un-begun stage (fine-tuning's η) keeps every earlier row and changes the rest; a change to a begun stage, a
/// missing checkpoint, the same folder or --resume beside it are refused in one line with exit 2 and no folder written;
/// DIR is only read.</summary>
public sealed class RunBranchTests : IDisposable
{
    readonly TempFolder temp = new();

    static readonly string[] Tiny =
    [
        "shapes", "--train-count", "200", "--test-count", "100", "--size", "16", "--hidden", "30,10", "--epochs", "20",
        "--threads", "1", "--seed", "5", "--quiet",
    ];

    public void Dispose() => temp.Dispose();

    /// <summary>The run without fine-tuning (its checkpoint stands after the head), and its config with fine-tuning on.</summary>
    (string Pretrained, string WithFineTuning) Pretrained()
    {
        var pretrained = temp["pretrained"];
        var run = Torchae.Run([.. Tiny, "--no-finetune", "--out", pretrained]);
        Assert.True(run.Code == 0, run.Error);
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(pretrained, "config.json")))!;
        config["pipeline"]!["fine_tune"] = true;
        config.AsObject().Remove("provenance");
        config.AsObject().Remove("command_line");
        return (pretrained, temp.WriteText("with-finetune.json", config.ToJsonString()));
    }

    [Fact]
    public void FineTuningBranchedFromANoFinetuneRun_EqualsTheUninterruptedRun_AndLeavesItsSourceAlone()
    {
        var (pretrained, config) = Pretrained();
        var whole = Torchae.Run([.. Tiny, "--out", temp["whole"]]);
        Assert.True(whole.Code == 0, whole.Error);
        var before = ChildRun.Snapshot(pretrained);

        var branch = Torchae.Run("train", "--config", config, "--branch", pretrained, "--threads", "1", "--out", temp["branch"]);

        Assert.True(branch.Code == 0, branch.Error);
        // It trained fine-tuning alone (a branch that started over would give the same files).
        Assert.Contains($"(branched from {pretrained}: finetune, stage 4 of 4, from its start)", branch.Output);
        Assert.DoesNotContain("[pretrain", branch.Output);
        Assert.Empty(ChildRun.Differences(temp["whole"], temp["branch"]));
        var after = ChildRun.Snapshot(pretrained);
        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        Assert.All(before, file => Assert.Equal(file.Value, after[file.Key]));
        // The branch's own record says where it came from; --resume of the branch is a finished run.
        Assert.Contains($"--branch {pretrained}", File.ReadAllText(Path.Combine(temp["branch"], "config.json")));
        var again = Torchae.Run("train", "--resume", temp["branch"]);
        Assert.True(again.Code == 0, again.Error);
        Assert.Contains("this run is complete", again.Output);
    }

    [Fact]
    public void ABranchAtAnotherFineTuningRate_KeepsTheEarlierStagesRows_AndChangesFineTuning()
    {
        var (pretrained, config) = Pretrained();
        var first = Torchae.Run("train", "--config", config, "--branch", pretrained, "--threads", "1", "--quiet", "--out", temp["eta1"]);
        var second = Torchae.Run("train", "--config", config, "--branch", pretrained, "--finetune-learning-rate", "0.25", "--threads", "1", "--quiet", "--out", temp["eta0.25"]);
        Assert.True(first.Code == 0 && second.Code == 0, first.Error + second.Error);

        var a = Rows(temp["eta1"]);
        var b = Rows(temp["eta0.25"]);
        int pretraining = Rows(pretrained).Count;   // pretrain layers 1 and 2, the head
        Assert.Equal(a.Count, b.Count);
        Assert.Equal(a.Take(pretraining), b.Take(pretraining));
        Assert.Equal(a.Take(pretraining), Rows(pretrained));
        Assert.All(a.Skip(pretraining).Zip(b.Skip(pretraining)), p => Assert.NotEqual(p.First, p.Second));
        var recorded = JsonNode.Parse(File.ReadAllText(Path.Combine(temp["eta0.25"], "config.json")))!;
        Assert.Equal(0.25, recorded["pipeline"]!["fine_tuning"]!["learning_rate"]!.GetValue<double>());
    }

    [Theory]
    [InlineData("rho", "$.pipeline.layers[0].loss.rho was 0.05, now 0.2")]
    [InlineData("same-folder", "--out must name another folder")]
    [InlineData("no-checkpoint", "no checkpoint there to start from")]
    [InlineData("resume", "--branch and --resume exclude each other")]
    [InlineData("nowhere", "no such folder")]
    public void Refusals_AreOneLineExitTwo_AndWriteNoFolder(string kind, string expected)
    {
        var (pretrained, _) = Pretrained();
        var bare = temp["bare"];
        Directory.CreateDirectory(bare);
        File.Copy(Path.Combine(pretrained, "config.json"), Path.Combine(bare, "config.json"));
        var target = temp["target"];
        string[] args = kind switch
        {
            "rho" => [.. Tiny, "--branch", pretrained, "--rho", "0.2", "--out", target],
            "same-folder" => [.. Tiny, "--branch", pretrained, "--out", pretrained],
            "no-checkpoint" => [.. Tiny, "--branch", bare, "--out", target],
            "resume" => [.. Tiny, "--branch", pretrained, "--resume", pretrained],
            _ => [.. Tiny, "--branch", temp["nowhere"], "--out", target],
        };
        var before = ChildRun.Snapshot(pretrained);

        var (code, _, error) = Torchae.Run(args);

        Assert.Equal(2, code);
        Assert.Contains(expected, error);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
        Assert.False(Directory.Exists(target), "a refused branch created its folder");
        Assert.All(before, file => Assert.Equal(file.Value, File.ReadAllBytes(Path.Combine(pretrained, file.Key))));
    }

    /// <summary>metrics.csv's rows without the seconds column (the 15th).</summary>
    static List<string> Rows(string run) =>
        File.ReadAllLines(Path.Combine(run, "metrics.csv")).Skip(1).Select(l => l.Split(','))
            .Select(c => string.Join(",", c[..14].Concat(c[15..]))).ToList();
}
