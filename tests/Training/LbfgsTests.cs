using TorchAe.Training.Optimizers;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TorchAe.Tests.Training;

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

    [Fact]
    public void Step_Rosenbrock_ReachesTheMinimumWithStrongWolfe()
    {
        var p = new Parameter(tensor(new[] { -1.2, 1.0 }));
        var lbfgs = new Lbfgs([p], new OptimizerSettings { Kind = OptimizerKind.Lbfgs, GradientTolerance = 1e-10, ChangeTolerance = 1e-14 });
        int iterations = 0;
        while (!lbfgs.Converged && iterations < 200) { lbfgs.Step(() => Rosenbrock(p)); iterations++; }
        Assert.True(lbfgs.Converged, "did not converge in 200 iterations");
        Assert.InRange(iterations, 20, 60);   // PyTorch's LBFGS(strong_wolfe) needs ~40 from this start
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
