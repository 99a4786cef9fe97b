using System.Globalization;
using System.Text.Json;
using TorchAe.Data.Sets;
using TorchAe.Data.Shapes;
using TorchAe.Interop;
using TorchAe.Tests.Support;
using static TorchSharp.torch;

namespace TorchAe.Tests.Commands;

/// <summary>One small shapes run, shared: <c>evaluate</c>, <c>reconstruct</c> and <c>encode</c> on its folder and on
/// an imported copy of its model must reproduce what the run itself computed.</summary>
public sealed class UseModelRun : IDisposable
{
    public static readonly ShapesOptions Shapes = new();
    readonly TempFolder folder = new();

    public UseModelRun()
    {
        var r = Torchae.Run("shapes", "--train-count", "80", "--test-count", "40", "--hidden", "20,8", "--epochs", "6", "--quiet", "--out", folder["run"]);
        if (r.Code != 0) throw new InvalidOperationException(r.Error);
        // The run's test set as CSV (label last, values that round-trip), for --data.
        var test = ShapesGenerator.Generate(Shapes, 40, 1, ShapesSplit.Test);
        File.WriteAllLines(folder["test.csv"], [string.Join(",", Enumerable.Range(1, test.FeatureCount).Select(j => $"p{j}").Append("label")),
            .. Enumerable.Range(0, test.Count).Select(n => string.Join(",", test.Sample(n).Select(v => v.ToString("R", CultureInfo.InvariantCulture)).Append(test.ClassNames[test.Labels![n]])))]);
        Test = test;
    }

    public Dataset Test { get; }
    public string this[string name] => folder[name];
    public void Dispose() => folder.Dispose();
}

public sealed class UseModelCommandTests(UseModelRun run) : IClassFixture<UseModelRun>
{
    static double Json(string path, string property) => JsonDocument.Parse(File.ReadAllText(path)).RootElement.GetProperty(property).GetDouble();

    [Fact]
    public void Evaluate_RunsOwnTestSet_GivesExactlyTheSummarysAccuracy()
    {
        var r = Torchae.Run("evaluate", "--run", run["run"], "--out", run["eval"]);
        Assert.True(r.Code == 0, r.Error);
        Assert.Equal(Json(run["run/summary.json"], "accuracy_after_finetune"), Json(run["eval/evaluation.json"], "accuracy"));
        Assert.Equal(File.ReadAllText(run["run/confusion.csv"]), File.ReadAllText(run["eval/confusion.csv"]));
        using var evaluation = JsonDocument.Parse(File.ReadAllText(run["eval/evaluation.json"]));
        Assert.Equal(["circle", "triangle", "rectangle", "star"], evaluation.RootElement.GetProperty("classes").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
    }

    [Fact]
    public void Evaluate_ImportedArchiveWithCsvData_GivesTheSameAccuracy()
    {
        Assert.Equal(0, Torchae.Run("export", "--run", run["run"], "--out", run["model.pt"]).Code);
        Assert.Equal(0, Torchae.Run("import", "--file", run["model.pt"], "--out", run["imported"]).Code);
        var r = Torchae.Run("evaluate", "--run", run["imported"], "--data", run["test.csv"], "--out", run["eval-imported"]);
        Assert.True(r.Code == 0, r.Error);
        Assert.Equal(Json(run["run/summary.json"], "accuracy_after_finetune"), Json(run["eval-imported/evaluation.json"], "accuracy"));
    }

    [Fact]
    public void Reconstruct_Rmse_IsTheFirstAutoencodersErrorOverTheTestSet()
    {
        var r = Torchae.Run("reconstruct", "--run", run["run"], "--out", run["rec"]);
        Assert.True(r.Code == 0, r.Error);
        // The same picture the run drew from the same autoencoder and the same ten test inputs, byte for byte.
        Assert.Equal(File.ReadAllBytes(run["run/reconstructions.png"]), File.ReadAllBytes(run["rec/reconstructions.png"]));
        Assert.Equal(run.Test.Count + 1, File.ReadAllLines(run["rec/reconstruction-errors.csv"]).Length);

        // Reference: PyTorch's mean squared error of the archived first autoencoder on the regenerated test set, float64.
        var model = StackArchive.Load(run["run"], CPU);
        using var _ = no_grad();
        var x = run.Test.FeaturesTensor(ScalarType.Float32, CPU);
        var z = model.Autoencoders[0].call(x).Reconstruction;
        double expected = Math.Sqrt(nn.functional.mse_loss(z.to(ScalarType.Float64), x.to(ScalarType.Float64)).ToDouble());
        Assert.Equal(expected, Json(run["rec/reconstruction.json"], "rmse"), 1e-12);
        // The console shows four significant digits (the file keeps every one).
        Assert.Contains($": RMSE {expected.ToString("G4", CultureInfo.InvariantCulture)} over {run.Test.Count} samples", r.Output);
    }

    /// <summary>summary.json's <c>layers[0].test_rmse</c> (computed by the pipeline from its frozen copy) and
    /// <c>torchae reconstruct</c> (from the archive) are the same figure.</summary>
    [Fact]
    public void Reconstruct_Rmse_AgreesWithTheSummarysLayer1TestRmse()
    {
        var r = Torchae.Run("reconstruct", "--run", run["run"], "--out", run["rec-summary"]);
        Assert.True(r.Code == 0, r.Error);
        using var summary = JsonDocument.Parse(File.ReadAllText(run["run/summary.json"]));
        double fromSummary = summary.RootElement.GetProperty("layers")[0].GetProperty("test_rmse").GetDouble();
        Assert.Equal(Json(run["rec-summary/reconstruction.json"], "rmse"), fromSummary, 1e-6);
    }

    [Fact]
    public void Encode_Layer1_WritesTheStacksFirstCodeWithLabels()
    {
        var r = Torchae.Run("encode", "--run", run["run"], "--data", run["test.csv"], "--layer", "1", "--out", run["codes.csv"]);
        Assert.True(r.Code == 0, r.Error);
        var lines = File.ReadAllLines(run["codes.csv"]);
        Assert.Equal("label," + string.Join(",", Enumerable.Range(1, 20).Select(j => $"h{j}")), lines[0]);
        Assert.Equal(run.Test.Count + 1, lines.Length);

        var model = StackArchive.Load(run["run"], CPU);
        using var _ = no_grad();
        var code = TorchAe.Kernels.ActivationExtensions.Apply(model.Stack.Activations[0], model.Stack.Encoders[0].call(run.Test.FeaturesTensor(ScalarType.Float32, CPU)));
        var first = lines[1].Split(',');
        Assert.Equal(run.Test.ClassNames[run.Test.Labels![0]], first[0]);
        Assert.Equal(code[0].data<float>().Select(v => (double)v), first.Skip(1).Select(v => double.Parse(v, CultureInfo.InvariantCulture)));
    }
}
