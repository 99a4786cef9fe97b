using System.Text.Json;
using System.Text.Json.Nodes;
using TorchAe.Interop;
using TorchAe.Kernels;
using TorchAe.Tests.Support;
using TorchAe.Training.Experiment;
using TorchSharp.PyBridge;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace TorchAe.Tests.Interop;

/// <summary>The shapes run that two cases share (trained once): 900 → 20 → 8 → 4, float32, a few L-BFGS iterations.</summary>
public sealed class DocumentedLoaderRun : IDisposable
{
    readonly TempFolder folder = new();

    public DocumentedLoaderRun()
    {
        if (PythonTorch.Python is null) return;
        var r = Torchae.Run("shapes", "--train-count", "100", "--test-count", "40", "--hidden", "20,8", "--epochs", "4", "--quiet", "--out", Run);
        if (r.Code != 0) throw new InvalidOperationException(r.Error);
    }

    public string Run => folder["shapes"];
    public void Dispose() => folder.Dispose();
}

/// <summary>The PyTorch code of docs/interop.md and README.md, run as written (tools/interop_docs_check.py extracts
/// every ```python block) on real <c>torchae export</c> files of a shapes run, a small MNIST run, a float64 tanh stack
/// and an imported archive: its logits, predictions, codes and reconstructions must be TorchAe's to 1e-5 relative
/// (float32) or 1e-12 (float64), from <c>model.pt</c> and from <c>model.safetensors</c> alike. Serial: four trainings and
/// four Python processes would otherwise crowd the timed and op-by-op tests beside them.</summary>
[Collection(SerialCollection.Name)]
public sealed class DocumentedLoaderTests(DocumentedLoaderRun shapes, ITestOutputHelper log) : IClassFixture<DocumentedLoaderRun>
{
    static readonly string[] Docs = [Path.Combine(RepositoryRoot.Path, "docs", "interop.md"), Path.Combine(RepositoryRoot.Path, "README.md")];

    [PyTorchFact]
    public void ShapesRun_DocumentedLoader_ReproducesTorchAe()
    {
        using var dir = new TempFolder();
        Check(dir, shapes.Run, copy: true);
    }

    [PyTorchFact]
    public void ImportedArchive_DocumentedLoader_ReproducesTorchAe()
    {
        using var dir = new TempFolder();
        var source = dir["source"];
        Directory.CreateDirectory(source);
        Assert.Equal(0, Torchae.Run("export", "--run", shapes.Run, "--format", "safetensors", "--out", Path.Combine(source, "shapes.safetensors")).Code);
        var import = Torchae.Run("import", "--file", Path.Combine(source, "shapes.safetensors"), "--out", MyRun(dir));
        Assert.True(import.Code == 0, import.Error);
        // An imported archive has no config.json: the inputs are the shapes run's test set.
        Check(dir, MyRun(dir), copy: false, inputsFrom: shapes.Run);
    }

    /// <summary>Both encoders tanh, the second autoencoder with a linear decoder, float64 (bar 1e-12).</summary>
    [PyTorchFact]
    public void TanhStackFloat64_DocumentedLoader_ReproducesTorchAe()
    {
        using var dir = new TempFolder();
        var printed = Torchae.Run("shapes", "--train-count", "60", "--test-count", "30", "--hidden", "12,6", "--epochs", "3", "--dtype", "float64", "--print-config");
        Assert.True(printed.Code == 0, printed.Error);
        var config = JsonNode.Parse(printed.Output)!;
        var layers = config["pipeline"]!["layers"]!.AsArray();
        foreach (var layer in layers) layer!["encoder"] = "tanh";
        layers[1]!["decoder"] = "linear";
        File.WriteAllText(dir["tanh.json"], config.ToJsonString());
        var r = Torchae.Run("train", "--config", dir["tanh.json"], "--quiet", "--out", MyRun(dir));
        Assert.True(r.Code == 0, r.Error);
        var model = Check(dir, MyRun(dir), copy: false);
        Assert.Equal(ScalarType.Float64, model.Architecture.DType);
        Assert.All(model.Stack.Activations, a => Assert.Equal(Activation.Tanh, a));
    }

    [PyTorchSharedDataFact]
    public void MnistRun_DocumentedLoader_ReproducesTorchAe()
    {
        using var dir = new TempFolder();
        var r = Torchae.Run("mnist", "--data", SharedData.Path("mnist"), "--train-count", "2000", "--test-count", "100", "--hidden", "100,50", "--epochs", "2", "--quiet", "--out", MyRun(dir));
        Assert.True(r.Code == 0, r.Error);
        Check(dir, MyRun(dir), copy: false);
    }

    static string MyRun(TempFolder dir) => Path.Combine(dir.Path, "runs", "my-run");

    /// <summary>Exports the archive in <paramref name="run"/> (copied to DIR/runs/my-run when <paramref name="copy"/>)
    /// in both formats, writes 20 of the run's test samples as x.pt, runs the documents' code there and compares.</summary>
    TrainedModel Check(TempFolder dir, string run, bool copy, string? inputsFrom = null)
    {
        var myRun = MyRun(dir);
        if (copy)
        {
            Directory.CreateDirectory(myRun);
            foreach (var file in new[] { StackArchive.DescriptionFile, StackArchive.WeightsFile }) File.Copy(Path.Combine(run, file), Path.Combine(myRun, file));
        }
        foreach (var format in new[] { "pytorch", "safetensors" })
        {
            var e = Torchae.Run("export", "--run", myRun, "--format", format);
            Assert.True(e.Code == 0, e.Error);
        }
        var model = StackArchive.Load(myRun, CPU);
        var config = ExperimentJson.Load(Path.Combine(inputsFrom ?? run, "config.json"));
        var test = TorchAe.Data.DataLoader.Load(config.Data, config.Seed).Test!.Take(20);
        var x = test.FeaturesTensor(model.Architecture.DType, CPU);
        using (var stream = File.Create(dir["x.pt"]))
            PyTorchPickler.PickleStateDict(stream, new Dictionary<string, Tensor> { ["x"] = x }, leaveOpen: false);

        var script = Path.Combine(RepositoryRoot.Path, "tools", "interop_docs_check.py");
        var py = PythonTorch.Run([script, dir.Path, .. Docs], TimeSpan.FromSeconds(300));
        Assert.True(py.Code == 0, $"{script} exited {py.Code}: {py.Error}");
        using var result = JsonDocument.Parse(py.Output);
        var root = result.RootElement;

        double bar = model.Architecture.DType == ScalarType.Float64 ? 1e-12 : 1e-5;
        using var _ = no_grad();
        var logits = model.Stack.call(x);
        var codes = new List<Tensor>();
        var reconstructions = new List<Tensor>();
        var input = x;
        foreach (var ae in model.Autoencoders)
        {
            var (y, z) = ae.call(input);
            codes.Add(y);
            reconstructions.Add(z);
            input = y;
        }
        Assert.Equal(2, reconstructions.Count);
        var predicted = logits.argmax(1).data<long>().Select(k => model.ClassNames[(int)k]).ToArray();

        foreach (var doc in Docs.Select(Path.GetFileName))
        {
            var ran = root.GetProperty("docs").GetProperty(doc!);
            Near($"{doc}: logits", logits, ran.GetProperty("logits"), bar);
            Near($"{doc}: code", codes[0], ran.GetProperty("code"), bar);
            Near($"{doc}: reconstruction", reconstructions[0], ran.GetProperty("reconstruction"), bar);
            Assert.Equal(predicted, ran.GetProperty("predicted").EnumerateArray().Select(p => p.GetString()));
        }
        foreach (var file in new[] { "model.pt", "model.safetensors" })
        {
            var loaded = root.GetProperty(file);
            Assert.Equal(model.ClassNames, loaded.GetProperty("class_names").EnumerateArray().Select(c => c.GetString()));
            Assert.Equal(model.Stack.Activations.Select(a => a.Name()), loaded.GetProperty("activations").EnumerateArray().Select(a => a.GetString()));
            var layers = loaded.GetProperty("reconstructions").EnumerateArray().ToList();
            Assert.Equal(reconstructions.Count, layers.Count);
            for (int l = 0; l < layers.Count; l++) Near($"{file}: autoencoder {l + 1} reconstruction", reconstructions[l], layers[l], bar);
        }
        Assert.True(root.GetProperty("safetensors_identical").GetBoolean(), "model.safetensors gave other tensors or results than model.pt");
        Assert.True(root.GetProperty("metadata_identical").GetBoolean(), "model.safetensors' metadata differs from model.pt.json");
        log.WriteLine($"{model.Architecture}: {string.Join(", ", predicted.Distinct())} predicted ({PythonTorch.Description})");
        return model;
    }

    /// <summary>max |Δ| / max |TorchAe's value| within <paramref name="bar"/>.</summary>
    void Near(string what, Tensor expected, JsonElement actual, double bar)
    {
        var values = Flatten(actual).ToArray();
        Assert.Equal(expected.numel(), values.Length);
        var e = expected.to(ScalarType.Float64).flatten().data<double>().ToArray();
        double scale = e.Max(Math.Abs);
        double rel = e.Zip(values, (a, b) => Math.Abs(a - b)).Max() / Math.Max(scale, double.Epsilon);
        log.WriteLine($"{what}: max |Δ| / max |value| = {rel:0.0e+00}");
        Assert.True(rel <= bar, $"{what}: {rel:0.0e+00} > {bar:0e+00}");

        static IEnumerable<double> Flatten(JsonElement e) =>
            e.ValueKind == JsonValueKind.Array ? e.EnumerateArray().SelectMany(Flatten) : [e.GetDouble()];
    }
}
