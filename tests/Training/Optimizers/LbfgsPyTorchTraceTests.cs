using System.Text.Json;
using System.Text.Json.Nodes;
using TorchAe.Kernels;
using TorchAe.Losses;
using TorchAe.Models;
using TorchAe.Tests.Interop;
using TorchAe.Tests.Support;
using TorchAe.Training.Optimizers;
using TorchSharp.PyBridge;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace TorchAe.Tests.Training.Optimizers;

/// <summary>A whole L-BFGS run against PyTorch's <c>torch.optim.LBFGS(line_search_fn="strong_wolfe")</c> in float64, from
/// the same start (tools/pytorch_lbfgs_trace.py): every evaluation of the objective, line-search trials included, at the
/// same point with the same loss, to 1e-10 relative to max(1, |value|). PyTorch's settings are written out here, not
/// taken from TorchAe's defaults, so a later change of those defaults cannot make the two runs agree by accident or
/// differ for a reason that is not a bug.</summary>
public sealed class LbfgsPyTorchTraceTests(ITestOutputHelper log)
{
    const int Iterations = 30, History = 10;
    const double LearningRate = 1, GradientTolerance = 1e-5, ChangeTolerance = 1e-9, Bar = 1e-10;

    [PyTorchFact]
    public void Lbfgs_SmallSparseAutoencoder_FollowsPyTorchsTraceTo1e10()
    {
        using var folder = new TempFolder();
        var g = new Generator(31);
        var model = new SparseAutoencoder(8, 3, Activation.Sigmoid, Activation.Sigmoid, g, ScalarType.Float64);
        foreach (var p in model.parameters()) UfldlInit.Uniform(p, 0.5, g);
        var x = rand(new long[] { 12, 8 }, dtype: ScalarType.Float64, generator: g);   // (R, N)
        var options = new SparseAutoencoderLossOptions { Objective = Objective.Mean, TargetActivation = 0.1, SparsityWeight = 3, WeightDecay = 1e-3 };
        model.save_py(folder["start.pt"]);
        using (var stream = File.Create(folder["batch.pt"]))
            PyTorchPickler.PickleStateDict(stream, new Dictionary<string, Tensor> { ["x"] = x }, leaveOpen: false);
        File.WriteAllText(folder["manifest.json"], new JsonObject
        {
            ["weights"] = "start.pt", ["batch"] = "batch.pt", ["encoder"] = "sigmoid", ["decoder"] = "sigmoid",
            ["normalisation"] = "mean", ["rho"] = 0.1, ["beta"] = 3.0, ["alpha"] = 1e-3,
            ["lbfgs"] = new JsonObject
            {
                ["lr"] = LearningRate, ["max_iter"] = Iterations, ["max_eval"] = 1_000_000, ["tolerance_grad"] = GradientTolerance,
                ["tolerance_change"] = ChangeTolerance, ["history_size"] = History, ["line_search_fn"] = "strong_wolfe",
            },
        }.ToJsonString());

        // TorchAe: one Step per iteration, every closure evaluation recorded as PyTorch's script records it
        var loss = new SparseAutoencoderLoss(options);
        var parameters = model.named_parameters().Select(p => p.parameter).ToArray();
        var trace = new List<(double Loss, double[] X)>();
        Tensor Closure()
        {
            foreach (var p in parameters) p.grad = null;
            var total = loss.call(x, model).Total;
            total.backward();
            trace.Add((total.ToDouble(), cat(parameters.Select(p => p.detach().flatten()).ToArray()).data<double>().ToArray()));
            return total.detach();
        }
        using var lbfgs = new Lbfgs(parameters, new OptimizerSettings
        {
            Kind = OptimizerKind.Lbfgs, LearningRate = LearningRate, History = History, GradientTolerance = GradientTolerance, ChangeTolerance = ChangeTolerance,
        });
        int iterations = 0;
        while (iterations < Iterations && lbfgs.StopReason is null) { lbfgs.Step(Closure); iterations++; }

        var script = Path.Combine(RepositoryRoot.Path, "tools", "pytorch_lbfgs_trace.py");
        var run = PythonTorch.Run([script, folder["manifest.json"]], TimeSpan.FromSeconds(120));
        Assert.True(run.Code == 0, run.Error);
        using var result = JsonDocument.Parse(run.Output);
        var py = result.RootElement.GetProperty("evaluations").EnumerateArray()
            .Select(e => (Loss: e.GetProperty("loss").GetDouble(), X: e.GetProperty("x").EnumerateArray().Select(v => v.GetDouble()).ToArray())).ToArray();
        log.WriteLine($"{PythonTorch.Description}: {result.RootElement.GetProperty("iterations").GetInt32()} iterations, {py.Length} evaluations; TorchAe {iterations}, {trace.Count}");

        Assert.Equal(Iterations, iterations);   // the run is long enough to fill and cycle the 10-pair memory
        Assert.Equal(iterations, result.RootElement.GetProperty("iterations").GetInt32());
        Assert.Equal(py.Length, trace.Count);
        double worst = 0;
        for (int e = 0; e < py.Length; e++)
        {
            double lossDifference = Math.Abs(trace[e].Loss - py[e].Loss) / Math.Max(1, Math.Abs(py[e].Loss));
            double pointDifference = trace[e].X.Zip(py[e].X, (a, b) => Math.Abs(a - b) / Math.Max(1, Math.Abs(b))).Max();
            worst = Math.Max(worst, Math.Max(lossDifference, pointDifference));
            Assert.True(lossDifference <= Bar && pointDifference <= Bar,
                $"evaluation {e}: loss {trace[e].Loss:R} vs {py[e].Loss:R} ({lossDifference:0.0e0}), point {pointDifference:0.0e0}");
        }
        log.WriteLine($"worst relative difference {worst:0.0e+00}; loss {py[0].Loss:G6} → {py[^1].Loss:G6}");
        Assert.True(py[^1].Loss < 0.5 * py[0].Loss);
    }
}
