using System.Text.Json;
using TorchAe.Interop;
using TorchAe.Tests.Support;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace TorchAe.Tests.Interop;

/// <summary>TorchAe against real PyTorch (Debian's 1.13): the objective in float64 for every normalisation and encoder,
/// the stack's predictions, and the files each side writes for the other.</summary>
public sealed class PyTorchCrossCheckTests(PyTorchCrossCheck check, ITestOutputHelper log) : IClassFixture<PyTorchCrossCheck>
{
    const double Bar = 1e-12;

    static double Relative(double a, double b) => Math.Abs(a - b) / Math.Max(Math.Abs(b), double.Epsilon);

    [PyTorchFact]
    public void Objective_EveryNormalisationAndEncoder_MatchesPyTorchTo1e12()
    {
        log.WriteLine($"{PythonTorch.Description}; script {check.Seconds:0.0} s");
        var autoencoders = check.Result!.RootElement.GetProperty("autoencoders");
        var failures = new List<string>();
        double worst = 0;
        foreach (var ((name, objective), cs) in check.CSharpLosses)
        {
            var py = autoencoders.GetProperty(name).GetProperty(objective);
            foreach (var (term, value) in new[] { ("total", cs.Total), ("reconstruction", cs.Reconstruction), ("weight_decay", cs.WeightDecay), ("sparsity", cs.Sparsity) })
            {
                double rel = Relative(value, py.GetProperty(term).GetDouble());
                worst = Math.Max(worst, rel);
                log.WriteLine($"{name,-12} {objective,-10} {term,-15} C# {value,-22:R} PyTorch {py.GetProperty(term).GetDouble(),-22:R} rel {rel:0.0e+00}");
                if (!(rel <= Bar)) failures.Add($"{name}/{objective}/{term}: rel {rel:0.0e+00}");
            }
        }
        log.WriteLine($"worst relative difference {worst:0.0e+00}");
        Assert.Equal(PyTorchCrossCheck.Autoencoders.Length * PyTorchCrossCheck.Objectives.Length, check.CSharpLosses.Count);
        Assert.True(failures.Count == 0, string.Join("; ", failures));
    }

    [PyTorchFact]
    public void Gradients_EveryParameterNormalisationActivationAndFineTuning_MatchPyTorchTo1e12()
    {
        var root = check.Result!.RootElement;
        var failures = new List<string>();
        double worst = 0;
        foreach (var ((name, objective, source), gradients) in check.CSharpGradients)
        {
            var py = name == "finetune" ? root.GetProperty("finetune").GetProperty("gradients")
                : root.GetProperty("autoencoders").GetProperty(name).GetProperty(objective).GetProperty("gradients");
            Assert.Equal(py.EnumerateObject().Select(p => p.Name).Order(), gradients.Keys.Order());
            foreach (var (parameter, values) in gradients)
            {
                var expected = py.GetProperty(parameter).EnumerateArray().SelectMany(Flatten).ToArray();
                Assert.Equal(expected.Length, values.Length);
                // max |Δ| over the parameter's largest |∂J/∂θ|
                double rel = values.Zip(expected, (a, b) => Math.Abs(a - b)).Max() / Math.Max(expected.Max(Math.Abs), double.Epsilon);
                worst = Math.Max(worst, rel);
                log.WriteLine($"{name,-12} {objective,-13} {source,-8} {parameter,-18} rel {rel:0.0e+00}");
                if (!(rel <= Bar)) failures.Add($"{name}/{objective}/{source}/{parameter}: rel {rel:0.0e+00}");
            }
        }
        log.WriteLine($"worst relative difference {worst:0.0e+00}");
        Assert.Equal((PyTorchCrossCheck.Autoencoders.Length * PyTorchCrossCheck.Objectives.Length + 1) * PyTorchCrossCheck.Sources.Length, check.CSharpGradients.Count);
        Assert.True(failures.Count == 0, string.Join("; ", failures));

        static IEnumerable<double> Flatten(JsonElement e) =>
            e.ValueKind == JsonValueKind.Array ? e.EnumerateArray().SelectMany(Flatten) : [e.GetDouble()];
    }

    [PyTorchFact]
    public void Stack_ExportedWeights_GiveIdenticalPredictionsInPyTorch()
    {
        var stack = check.Result!.RootElement.GetProperty("stack");
        Assert.Equal(["encoders.0.weight", "encoders.0.bias", "encoders.1.weight", "encoders.1.bias", "classifier.weight", "classifier.bias"],
            stack.GetProperty("keys").EnumerateArray().Select(k => k.GetString()));
        Assert.Equal("float64", stack.GetProperty("dtype").GetString());
        var expected = check.CSharpLogits!.argmax(1).data<long>().ToArray();
        Assert.True(expected.Distinct().Count() == 3, $"the batch should exercise every class, got {string.Join("", expected)}");
        foreach (var (logitsKey, predictionsKey) in new[] { ("logits", "predictions"), ("snippet_logits", "snippet_predictions") })
        {
            Assert.Equal(expected, stack.GetProperty(predictionsKey).EnumerateArray().Select(p => p.GetInt64()).ToArray());
            var py = tensor(stack.GetProperty(logitsKey).EnumerateArray().SelectMany(r => r.EnumerateArray().Select(v => v.GetDouble())).ToArray(), check.CSharpLogits.shape);
            double rel = (py - check.CSharpLogits).abs().max().ToDouble() / check.CSharpLogits.abs().max().ToDouble();
            log.WriteLine($"{logitsKey}: max |Δ| / max |logit| = {rel:0.0e+00}; predictions {string.Join("", expected)}");
            Assert.True(rel <= Bar, $"{logitsKey}: rel {rel:0.0e+00}");
        }
    }

    [PyTorchFact]
    public void Model_ExportedDecoders_ReconstructInPyTorchTo1e12()
    {
        var model = check.Result!.RootElement.GetProperty("model");
        Assert.Equal(["encoders.0.weight", "encoders.0.bias", "encoders.1.weight", "encoders.1.bias", "classifier.weight", "classifier.bias",
                "autoencoders.0.encoder.weight", "autoencoders.0.encoder.bias", "autoencoders.0.decoder.weight", "autoencoders.0.decoder.bias",
                "autoencoders.1.encoder.weight", "autoencoders.1.encoder.bias", "autoencoders.1.decoder.weight", "autoencoders.1.decoder.bias"],
            model.GetProperty("keys").EnumerateArray().Select(k => k.GetString()));
        Assert.Equal("sigmoid,linear", model.GetProperty("metadata").GetProperty("decoder_activations").GetString());
        var reconstructions = model.GetProperty("reconstructions").EnumerateArray().ToList();
        Assert.Equal(2, reconstructions.Count);
        for (int l = 0; l < 2; l++)
        {
            var cs = check.CSharpReconstructions![l];
            var py = tensor(reconstructions[l].EnumerateArray().SelectMany(r => r.EnumerateArray().Select(v => v.GetDouble())).ToArray(), cs.shape);
            double rel = (py - cs).abs().max().ToDouble() / cs.abs().max().ToDouble();
            double rmse = model.GetProperty("rmse")[l].GetDouble();
            // TorchAe's RMSE as torchae reconstruct computes it: √(Σ (x − z)² / (R·N)) in float64.
            var x = check.ReconstructionInputs![l];
            double csRmse = Math.Sqrt((x - cs).square().sum().ToDouble() / x.numel());
            log.WriteLine($"autoencoder {l + 1}: max |Δ| / max |z| = {rel:0.0e+00}; RMSE PyTorch {rmse:R}, TorchAe {csRmse:R}");
            Assert.True(rel <= Bar, $"autoencoder {l + 1}: rel {rel:0.0e+00}");
            Assert.True(Relative(csRmse, rmse) <= Bar, $"autoencoder {l + 1}: RMSE {csRmse:R} vs PyTorch {rmse:R}");
        }
    }

    [PyTorchFact]
    public void Safetensors_ExportedFile_HoldsTheSameTensorsAsThePtFile()
    {
        var safetensors = check.Result!.RootElement.GetProperty("stack").GetProperty("safetensors");
        log.WriteLine($"read with: {safetensors.GetProperty("reader").GetString()}");
        Assert.True(safetensors.GetProperty("identical_to_pt").GetBoolean());
    }

    [PyTorchFact]
    public void Import_StateDictSavedByPyTorch_GivesIdenticalWeights()
    {
        var file = check["from-python.pt"];
        var r = Torchae.Run("import", "--file", file, "--out", check["from-python"], "--activations", "sigmoid,tanh", "--classes", string.Join(',', TestStacks.ClassNames));
        Assert.True(r.Code == 0, r.Error);
        Assert.True(TestStacks.Identical(check.Stack!, StackArchive.Load(check["from-python"], CPU).Stack));
    }
}
