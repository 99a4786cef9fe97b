using TorchAe.Training.Optimizers;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TorchAe.Tests.Training.Optimizers;

public sealed class LbfgsTests
{
    /// <summary>Rosenbrock f(x, y) = (1 − x)² + 100 (y − x²)², minimum 0 at (1, 1).</summary>
    static Tensor Rosenbrock(Parameter p)
    {
        p.grad = null;
        var x = p[0]; var y = p[1];
        var f = (1 - x).square() + 100 * (y - x.square()).square();
        f.backward();
        return f.detach();
    }

    /// <summary>Every closure value of PyTorch 1.13.1's run from (−1.2, 1) in float64: <c>torch.optim.LBFGS([p], lr=1, max_iter=200,
    /// max_eval=10**6, tolerance_grad=1e-10, tolerance_change=1e-14, history_size=100, line_search_fn="strong_wolfe")</c>,
    /// one <c>step</c>; it ended after 37 iterations at (1.000000003, 1.000000006).</summary>
    static readonly double[] PyTorchRosenbrockTrace =
    [
        24.199999999999996, 112.44805608969924, 4.146927102567213, 4.125586713674038, 4.121126775765638,
        4.111816451757751, 4.084955376327375, 4.022282148979951, 3.9091442795206404, 3.758911717937623,
        3.4231654622927565, 2.859759140731464, 2.456257721580503, 1.8204632954233873, 18.34778356157423,
        1.7182079190372703, 1.657962640897188, 1.4968646823354936, 1.135096423342258, 0.9203006124131852,
        0.6529776962626751, 130.92004853329624, 1.6109795624438565, 0.4641401774955149, 0.4234823024380371,
        0.24295150600034499, 0.2107010705361694, 0.10245585627393841, 0.12079036409948764, 0.07798538481347658,
        0.05422103871348486, 0.027930119183552496, 0.06574886723445705, 0.014932938650655155, 0.009483757280969285,
        0.0032267913062516856, 0.004086595283596994, 0.0008257500503435478, 0.00031212979984779625,
        2.7603694051025422e-05, 6.921918801489786e-06, 3.5156352278418565e-08, 4.2214575113458143e-10,
        8.381506169192779e-14, 6.431698290549263e-17
    ];

    [Fact]
    public void Step_Rosenbrock_FollowsPyTorchsStoredTrace()
    {
        var p = new Parameter(tensor(new[] { -1.2, 1.0 }));
        var lbfgs = new Lbfgs([p], new OptimizerSettings { Kind = OptimizerKind.Lbfgs, LearningRate = 1, History = 100, GradientTolerance = 1e-10, ChangeTolerance = 1e-14 });
        var values = new List<double>();
        int iterations = 0;
        while (!lbfgs.Converged && iterations < 200) { lbfgs.Step(() => { var f = Rosenbrock(p); values.Add(f.ToDouble()); return f; }); iterations++; }
        Assert.True(lbfgs.Converged, "did not converge in 200 iterations");
        Assert.Equal(37, iterations);
        Assert.Equal(PyTorchRosenbrockTrace.Length, values.Count);
        for (int i = 0; i < values.Count; i++)
            Assert.True(Math.Abs(values[i] - PyTorchRosenbrockTrace[i]) <= 1e-10 * Math.Max(1, Math.Abs(PyTorchRosenbrockTrace[i])),
                $"evaluation {i}: {values[i]:R} vs PyTorch {PyTorchRosenbrockTrace[i]:R}");
        Assert.Equal(1.0, p[0].ToDouble(), 6);
        Assert.Equal(1.0, p[1].ToDouble(), 6);
    }

    [Fact]
    public void Step_StartingPointAlreadyConverged_EvaluatesNothingAndSaysSo()
    {
        var p = new Parameter(tensor(new[] { 0.5, 0.5 }));
        // A change tolerance this loose makes the first direction count as "no descent left".
        var lbfgs = new Lbfgs([p], new OptimizerSettings { Kind = OptimizerKind.Lbfgs, ChangeTolerance = 1e6 });
        int calls = 0;
        var first = lbfgs.Step(() => { calls++; return Rosenbrock(p); });
        Assert.Equal((0, 1), (first.Evaluation, calls));
        Assert.True(lbfgs.Converged);
        var second = lbfgs.Step(() => { calls++; return Rosenbrock(p); });
        Assert.Equal((-1, 1), (second.Evaluation, calls));
    }
}
