using System.Security.Cryptography;
using System.Text.Json.Nodes;
using TorchAe.Tests.Support;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace TorchAe.Tests.Reliability;

/// <summary>A run killed inside its second pretraining layer (Adam, mini-batches: its checkpoint holds models, Adam's m and
/// v, the loop and the shuffling generator), made once as a real child process.</summary>
public sealed class KilledAdamRun : IDisposable
{
    readonly TempFolder temp = new();

    public KilledAdamRun()
    {
        string[] options = ["shapes", "--train-count", "200", "--test-count", "100", "--size", "16", "--hidden", "30,10",
            "--epochs", "20", "--checkpoint-every", "2", "--optimizer", "adam", "--batch-size", "50", "--learning-rate", "0.01",
            "--threads", "1", "--seed", "5"];
        var (folder, state) = ChildRun.KillInside(n => temp[$"run{n}"], options, f => ChildRun.Reached(f, "pretrain", 5, 2),
            s => s.CompletedStages == 1 && s.Loop is not null, TimeSpan.FromSeconds(120), _ => { });
        if (state.CompletedStages != 1 || state.Loop is null)
            throw new InvalidOperationException($"three kills missed pretrain layer 2: the last checkpoint is after {state.CompletedStages} stages");
        Folder = folder;
    }

    public string Folder { get; }

    public void Dispose() => temp.Dispose();
}

/// <summary>For each way a checkpoint can be broken, <c>--resume</c> is refused before it touches the run folder: exit 2,
/// one line naming the file and what is wrong, and the SHA-256 of every file in the folder unchanged.</summary>
public sealed class RefusedResumeTests(KilledAdamRun killed) : IClassFixture<KilledAdamRun>
{
    const string Tensor = "models.autoencoders.0.encoder.weight";

    /// <summary>Case → (what it breaks, a fragment of the line that must name it).</summary>
    public static TheoryData<string> Cases => new(Breakages.Keys);

    static readonly Dictionary<string, (Action<string> Break, string Expected)> Breakages = new()
    {
        ["optimizer-scalars-empty"] = (run => EditState(run, s => s["optimizer_scalars"] = new JsonObject()), "optimizer_scalars.steps is missing"),
        ["optimizer-steps-negative"] = (run => EditState(run, s => s["optimizer_scalars"]!["steps"] = -3), "optimizer_scalars.steps is -3"),
        ["optimizer-steps-beyond-evaluations"] = (run => EditState(run, s => s["optimizer_scalars"]!["steps"] = 1e300), "optimizer_scalars.steps is 1E+300; the adam state of"),
        ["optimizer-tensor-missing"] = (run => EditTensors(run, t => t.Remove("optimizer.first.1")), "optimizer.first.1 is missing"),
        ["optimizer-tensor-extra"] = (run => EditTensors(run, t => t["optimizer.third.0"] = zeros(3)), "optimizer.third.0 is not a tensor of this run"),
        ["model-tensor-missing"] = (run => EditTensors(run, t => t.Remove(Tensor)), $"{Tensor} is missing"),
        ["model-tensor-shape"] = (run => EditTensors(run, t => t[Tensor] = zeros(2, 3)), $"{Tensor} is float32 [2, 3]"),
        ["model-tensor-dtype"] = (run => EditTensors(run, t => t[Tensor] = t[Tensor].to(ScalarType.Float64)), $"{Tensor} is float64"),
        ["best-odd-name"] = (run => EditTensors(run, t => t["best.x"] = zeros(1)), "best.x"),
        ["shuffle-shape"] = (run => EditTensors(run, t => t["shuffle"] = zeros(new long[] { 7 }, dtype: ScalarType.Byte)), "shuffle is byte [7]"),
        ["completed-beyond-plan"] = (run => EditState(run, s => s["completed_stages"] = 5), "completed_stages is 5; this run's plan has 4 stages"),
        ["completed-without-reports"] = (run => EditState(run, s => s["completed_stages"] = 2), "stages holds 1 reports for completed_stages 2"),
        ["stage-report-other-layer"] = (run => EditState(run, s => s["stages"]![0]!["layer"] = 2), "stages[0] is pretrain layer 2"),
        ["loop-epoch-beyond-stage"] = (run => EditState(run, s => s["loop"]!["epoch"] = 21), "loop.epoch is 21, expected 1 … 20"),
        ["metrics-rows-inconsistent"] = (run => EditState(run, s => s["metrics_rows"] = s["metrics_rows"]!.GetValue<int>() - 1), "metrics_rows is"),
        ["metrics-rows-beyond-file"] = (run => EditState(run, s => s["metrics_rows"] = 900), "complete rows; resuming needs its first 900"),
        ["metrics-row-other-stage"] = (run => EditMetrics(run, 2, "classifier"), "row 2 is classifier layer 1 epoch 2"),
        // A run folder copied while it trained: the checkpoint was copied after metrics.csv had been, so it counts rows
        // the copy does not have.
        ["metrics-older-than-checkpoint"] = (run => File.WriteAllLines(Path.Combine(run, "metrics.csv"), File.ReadAllLines(Path.Combine(run, "metrics.csv")).Take(4)), "complete rows; resuming needs its first"),
        ["tensor-value-nan"] = (run => EditTensors(run, t => t[Tensor] = t[Tensor].clone().index_fill_(0, tensor(new long[] { 1 }), double.NaN)), $"{Tensor} holds NaN or ∞"),
        ["tensor-file-path"] = (run => EditState(run, s => s["tensor_file"] = "../config.json"), "tensor_file is '../config.json'"),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Resume_BrokenCheckpoint_RefusedWithOneLineAndFolderByteIdentical(string id)
    {
        using var temp = new TempFolder();
        var run = temp["run"];
        ChildRun.CopyFolder(killed.Folder, run);
        var (breakIt, expected) = Breakages[id];
        breakIt(run);
        var before = Hashes(run);

        var (code, output, error) = Torchae.Run("shapes", "--resume", run);

        Assert.True(code == 2, $"exit code {code}; stderr: {error}; stdout: {output}");
        Assert.Equal(1, error.Count(ch => ch == '\n'));
        Assert.StartsWith("torchae shapes: ", error);
        Assert.Contains(expected, error);
        Assert.DoesNotContain("Exception", error + output);
        Assert.Equal(before, Hashes(run));
    }

    /// <summary>The same folder unbroken resumes (exit 0) and changes files: the comparison above can see a change.</summary>
    [Fact]
    public void Resume_Unbroken_FinishesAndChangesTheFolder()
    {
        using var temp = new TempFolder();
        var run = temp["run"];
        ChildRun.CopyFolder(killed.Folder, run);
        var before = Hashes(run);

        var (code, _, error) = Torchae.Run("shapes", "--resume", run, "--quiet");

        Assert.True(code == 0, $"exit code {code}; stderr: {error}");
        Assert.NotEqual(before, Hashes(run));
    }

    /// <summary>Relative name → SHA-256 of every file under <paramref name="folder"/>.</summary>
    static string Hashes(string folder) => string.Join('\n', Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
        .Order(StringComparer.Ordinal).Select(f => $"{Path.GetRelativePath(folder, f)} {Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f)))}"));

    static void EditState(string run, Action<JsonObject> edit)
    {
        var path = Path.Combine(run, "checkpoint", "state.json");
        var state = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        edit(state);
        File.WriteAllText(path, state.ToJsonString());
    }

    static void EditTensors(string run, Action<Dictionary<string, TorchSharp.torch.Tensor>> edit)
    {
        var state = JsonNode.Parse(File.ReadAllText(Path.Combine(run, "checkpoint", "state.json")))!;
        var path = Path.Combine(run, "checkpoint", state["tensor_file"]!.GetValue<string>());
        Dictionary<string, TorchSharp.torch.Tensor> tensors;
        using (var stream = File.OpenRead(path)) tensors = Safetensors.LoadStateDict(stream);
        edit(tensors);
        using var output = File.Create(path);
        Safetensors.SaveStateDict(output, tensors);
    }

    /// <summary>Renames the stage of data row <paramref name="row"/> (1-based) of metrics.csv.</summary>
    static void EditMetrics(string run, int row, string stage)
    {
        var path = Path.Combine(run, "metrics.csv");
        var lines = File.ReadAllLines(path);
        var cells = lines[row].Split(',');
        cells[0] = stage;
        lines[row] = string.Join(',', cells);
        File.WriteAllText(path, string.Join('\n', lines) + "\n");
    }
}
