using TorchAe.Kernels;
using System.Text.Json;
using System.Text.Json.Nodes;
using TorchAe.Interop;
using TorchAe.Losses;
using TorchAe.Models;
using TorchAe.Tests.Support;
using TorchAe.Training.Objectives;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace TorchAe.Tests.Interop;

/// <summary>One run of tools/pytorch_crosscheck.py shared by <see cref="PyTorchCrossCheckTests"/>: C# builds seeded
/// float64 models and batches, saves them through PyBridge and <c>torchae export</c>, computes its own losses and
/// logits and the gradients its training objectives leave (autograd and hand-derived), and the script answers with
/// PyTorch's. Does nothing where no Python with torch is found (the tests skip).</summary>
public sealed class PyTorchCrossCheck : IDisposable
{
    public const double Rho = 0.1, Beta = 3, Alpha = 1e-3, Lambda = 1e-4, EncoderLambda = 1e-3;
    public static readonly GradientSource[] Sources = [GradientSource.Autograd, GradientSource.Hand];
    public static readonly Objective[] Objectives = [Objective.Mean, Objective.Sum, Objective.MseSparse];
    public static readonly (string Name, Activation Encoder, Activation Decoder)[] Autoencoders =
    [
        ("sigmoid", Activation.Sigmoid, Activation.Sigmoid),
        ("tanh", Activation.Tanh, Activation.Sigmoid),
        ("tanh-linear", Activation.Tanh, Activation.Linear),
    ];

    readonly TempFolder folder = new();

    public PyTorchCrossCheck()
    {
        if (PythonTorch.Python is null) return;
        var g = new Generator(2024);

        // Autoencoders 12 → 5 → 12, every parameter drawn (non-zero biases, so swapped names would show).
        var x = rand(new long[] { 9, 12 }, dtype: ScalarType.Float64, generator: g);   // (R, N)
        SaveBatch(folder["ae-batch.pt"], x);
        var autoencoders = new JsonArray();
        foreach (var (name, encoder, decoder) in Autoencoders)
        {
            var ae = new SparseAutoencoder(12, 5, encoder, decoder, g, ScalarType.Float64);
            foreach (var p in ae.parameters()) UfldlInit.Uniform(p, 0.8, g);
            ae.save_py(folder[$"ae-{name}.pt"]);
            foreach (var objective in Objectives)
            {
                var options = new SparseAutoencoderLossOptions { Objective = objective, TargetActivation = Rho, SparsityWeight = Beta, WeightDecay = Alpha };
                var terms = new SparseAutoencoderLoss(options).call(x, ae);
                CSharpLosses[(name, objective.Name())] = (terms.Total.ToDouble(), terms.Reconstruction.ToDouble(), terms.WeightDecay.ToDouble(), terms.Sparsity.ToDouble());
                // The gradients pretraining uses: its objective's autograd path (the fused node) and the hand-derived δ equations
                foreach (var source in Sources)
                {
                    new AutoencoderObjective(ae, options).Evaluate(x, null, source);
                    CSharpGradients[(name, objective.Name(), source)] = Gradients(ae);
                }
            }
            autoencoders.Add(new JsonObject { ["name"] = name, ["weights"] = $"ae-{name}.pt", ["encoder"] = encoder.Name(), ["decoder"] = decoder.Name(), ["batch"] = "ae-batch.pt" });
        }

        // A stack 12 → 6 (sigmoid) → 4 (tanh) → 3, archived and exported by the CLI in both formats.
        Stack = TestStacks.Build(7);
        var xs = rand(new long[] { 20, 12 }, dtype: ScalarType.Float64, generator: g);
        SaveBatch(folder["stack-batch.pt"], xs);
        using (no_grad())
        {
            // Centre the logits on this batch (bs = −Ws ȳ), so that every class gets predicted and a swapped name shows.
            Stack.Classifier.Weight.mul_(4);
            Stack.Classifier.Bias.copy_(-Stack.Classifier.Weight.matmul(Stack.Encode(xs).mean(new long[] { 0 })));
        }
        StackArchive.Save(folder["run"], Stack, TestStacks.ClassNames);
        foreach (var format in new[] { "pytorch", "safetensors" })
        {
            var r = Torchae.Run("export", "--run", folder["run"], "--format", format);
            if (r.Code != 0) throw new InvalidOperationException($"torchae export --format {format}: {r.Error}");
        }
        using (no_grad()) CSharpLogits = Stack.call(xs).detach().clone();
        var targets = randint(3, new long[] { xs.shape[0] }, generator: g);
        Save(folder["stack-targets.pt"], "t", targets);
        foreach (var source in Sources)
        {
            new FineTuneObjective(Stack, Lambda, EncoderLambda).Evaluate(xs, targets, source);
            CSharpGradients[("finetune", "cross-entropy", source)] = Gradients(Stack);
        }

        // A whole model (stack + the autoencoders as pretraining left them, tanh/linear in layer 2), exported as .pt
        // with its .pt.json metadata: PyTorch rebuilds each autoencoder from the file alone and reconstructs.
        Model = TestStacks.BuildModel(8);
        StackArchive.Save(folder["full"], Model);
        var full = Torchae.Run("export", "--run", folder["full"]);
        if (full.Code != 0) throw new InvalidOperationException($"torchae export of the whole model: {full.Error}");
        using (no_grad())
        {
            ReconstructionInputs = [xs.clone(), Model.Autoencoders[0].Encode(xs).detach().clone()];
            CSharpReconstructions = [Model.Autoencoders[0].call(xs).Reconstruction.detach().clone(),
                Model.Autoencoders[1].call(Model.Autoencoders[0].Encode(xs)).Reconstruction.detach().clone()];
        }

        var manifest = new JsonObject
        {
            ["rho"] = Rho, ["beta"] = Beta, ["alpha"] = Alpha,
            ["normalisations"] = new JsonArray(Objectives.Select(o => (JsonNode)o.Name()).ToArray()),
            ["autoencoders"] = autoencoders,
            ["stack"] = new JsonObject
            {
                ["weights"] = "run/model.pt", ["safetensors"] = "run/model.safetensors",
                ["activations"] = new JsonArray("sigmoid", "tanh"), ["batch"] = "stack-batch.pt",
                ["snippet"] = Path.Combine(RepositoryRoot.Path, "docs", "interop.md"), ["save_to"] = "from-python.pt",
                ["targets"] = "stack-targets.pt", ["lambda"] = Lambda, ["encoder_lambda"] = EncoderLambda,
            },
            ["model"] = new JsonObject { ["weights"] = "full/model.pt", ["batch"] = "stack-batch.pt" },
        };
        File.WriteAllText(folder["manifest.json"], manifest.ToJsonString());

        var started = DateTime.UtcNow;
        var script = Path.Combine(RepositoryRoot.Path, "tools", "pytorch_crosscheck.py");
        var run = PythonTorch.Run([script, folder["manifest.json"]], TimeSpan.FromSeconds(180));
        Seconds = (DateTime.UtcNow - started).TotalSeconds;
        if (run.Code != 0) throw new InvalidOperationException($"{script} exited {run.Code}: {run.Error}");
        Result = JsonDocument.Parse(run.Output);
    }

    public Dictionary<(string Case, string Objective), (double Total, double Reconstruction, double WeightDecay, double Sparsity)> CSharpLosses { get; } = new();
    /// <summary>Every parameter's gradient, flattened, by (case, objective, source); the fine-tuning objective is ("finetune", "cross-entropy").</summary>
    public Dictionary<(string Case, string Objective, GradientSource Source), Dictionary<string, double[]>> CSharpGradients { get; } = new();
    public StackedAutoencoder? Stack { get; }
    public TrainedModel? Model { get; }
    /// <summary>Autoencoder 1 on the stack batch, autoencoder 2 on autoencoder 1's code: (20, 12) and (20, 6).</summary>
    public Tensor[]? CSharpReconstructions { get; }
    public Tensor[]? ReconstructionInputs { get; }
    public Tensor? CSharpLogits { get; }
    public JsonDocument? Result { get; }
    public double Seconds { get; }
    public string this[string name] => folder[name];

    static void SaveBatch(string path, Tensor x) => Save(path, "x", x);

    static void Save(string path, string key, Tensor t)
    {
        using var stream = File.Create(path);
        PyTorchPickler.PickleStateDict(stream, new Dictionary<string, Tensor> { [key] = t }, leaveOpen: false);
    }

    static Dictionary<string, double[]> Gradients(nn.Module module) =>
        module.named_parameters().ToDictionary(p => p.name, p => p.parameter.grad!.flatten().data<double>().ToArray());

    public void Dispose()
    {
        Result?.Dispose();
        folder.Dispose();
    }
}
