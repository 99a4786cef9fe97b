using TorchAe.Training.Optimizers;
using static TorchSharp.torch;

namespace TorchAe.Tests.Training.Optimizers;

/// <summary>The line search's parts by hand: the cubic interpolation against cubics whose minimiser is known, each strong
/// Wolfe condition on a quadratic where the first trial violates exactly that condition, and non-finite trial values.</summary>
public sealed class StrongWolfeTests
{
    // f(t) = t³ − 3t: f' = 3t² − 3, local minimum at t = 1. The interpolating cubic of two points of a cubic is the cubic itself.
    [Theory]
    [InlineData(0.0, 2.0)]
    [InlineData(2.0, 0.0)]     // the other branch (x1 > x2)
    [InlineData(-0.5, 1.5)]
    public void CubicInterpolate_PointsOfACubic_ReturnItsMinimiser(double x1, double x2)
    {
        static (double F, double G) Cubic(double t) => (t * t * t - 3 * t, 3 * t * t - 3);
        var (f1, g1) = Cubic(x1);
        var (f2, g2) = Cubic(x2);
        Assert.Equal(1.0, StrongWolfe.CubicInterpolate(x1, f1, g1, x2, f2, g2), 12);
    }

    [Fact]
    public void CubicInterpolate_MinimiserOutsideBounds_IsClamped()
    {
        // Same cubic, minimiser 1 lies below the bounds [1.5, 3]
        Assert.Equal(1.5, StrongWolfe.CubicInterpolate(0, 0, -3, 2, 2, 9, minBound: 1.5, maxBound: 3));
        Assert.Equal(0.5, StrongWolfe.CubicInterpolate(0, 0, -3, 2, 2, 9, minBound: 0, maxBound: 0.5));
    }

    [Fact]
    public void CubicInterpolate_NoRealMinimiser_ReturnsTheMiddleOfTheBounds()
    {
        // f(t) = −t³ − t: d1 = g1 + g2 − 3 (f1 − f2)/(x1 − x2) = −1 − 4 + 6 = 1, d1² − g1 g2 = 1 − 4 < 0 (PyTorch: bisect)
        Assert.Equal(0.5, StrongWolfe.CubicInterpolate(0, 0, -1, 1, -2, -4));
        Assert.Equal(2.0, StrongWolfe.CubicInterpolate(0, 0, -1, 1, -2, -4, minBound: 1, maxBound: 3));
    }

    /// <summary>f(x) = ½‖x‖² along d from x0: the trial at t evaluates f(x0 + t d) and its gradient; every trial t is logged.</summary>
    static (StrongWolfe.Result Result, List<double> Trials, double F0, double Gtd) Search(double[] x0, double[] direction, double t0,
        Func<double, bool>? notFinite = null)
    {
        var x = tensor(x0);
        var d = tensor(direction);
        var trials = new List<double>();
        (double, Tensor, int) Trial(double t)
        {
            trials.Add(t);
            var point = x + d * t;
            double f = notFinite?.Invoke(t) == true ? double.NaN : 0.5 * point.square().sum().ToDouble();
            return (f, point, trials.Count - 1);     // ∇f = x
        }
        double f0 = 0.5 * x.square().sum().ToDouble(), gtd = x.dot(d).ToDouble();
        return (StrongWolfe.Search(Trial, t0, d, f0, x, gtd, toleranceChange: 1e-9), trials, f0, gtd);
    }

    static void AssertStrongWolfe(StrongWolfe.Result r, double f0, double gtd, double[] x0, double[] direction)
    {
        const double c1 = 1e-4, c2 = 0.9;
        Assert.True(r.Loss <= f0 + c1 * r.Step * gtd, $"sufficient decrease fails at t = {r.Step}: f {r.Loss} > {f0 + c1 * r.Step * gtd}");
        double slope = r.Gradient.dot(tensor(direction)).ToDouble();
        Assert.True(Math.Abs(slope) <= -c2 * gtd, $"curvature fails at t = {r.Step}: |∇fᵀd| {Math.Abs(slope)} > {-c2 * gtd}");
        var expected = tensor(x0) + tensor(direction) * r.Step;
        Assert.Equal(0.5 * expected.square().sum().ToDouble(), r.Loss, 12);
    }

    [Fact]
    public void Search_FirstTrialBreaksSufficientDecrease_ZoomsBackToAWolfePoint()
    {
        // x0 = (1, 2), d = −10 x0: the minimum lies at t = 0.1; t = 1 lands at −9 x0 where f is 81× f0 (Armijo fails).
        double[] x0 = [1, 2], d = [-10, -20];
        var (r, trials, f0, gtd) = Search(x0, d, 1);
        Assert.Equal(1.0, trials[0]);
        Assert.True(r.Step < 1, $"accepted t = {r.Step}");
        AssertStrongWolfe(r, f0, gtd, x0, d);
        Assert.Equal(trials.Count - 1, r.Evaluation);
    }

    [Fact]
    public void Search_FirstTrialBreaksCurvature_ExtrapolatesToAWolfePoint()
    {
        // d = −x0, minimum at t = 1; t = 0.01 decreases f enough but |∇fᵀd| = 0.99 |gᵀd| > 0.9 |gᵀd| (curvature fails).
        double[] x0 = [1, 2], d = [-1, -2];
        var (r, trials, f0, gtd) = Search(x0, d, 0.01);
        Assert.Equal(0.01, trials[0]);
        Assert.True(trials.Count >= 2 && trials[1] > 0.01, $"trials {string.Join(", ", trials)}");
        Assert.True(r.Step > 0.01);
        AssertStrongWolfe(r, f0, gtd, x0, d);
    }

    [Fact]
    public void Search_FirstTrialSatisfiesBoth_AcceptsItWithOneEvaluation()
    {
        double[] x0 = [1, 2], d = [-1, -2];
        var (r, trials, f0, gtd) = Search(x0, d, 1);
        Assert.Equal([1.0], trials);
        Assert.Equal((1.0, 0.0), (r.Step, r.Loss));
    }

    [Fact]
    public void Search_NaNAtTheTrialPoint_BacksOffToAFiniteWolfePoint()
    {
        // f is NaN for t ≥ 0.8 (a region where the model overflows): the first trial t = 1 must halve to 0.5, not be interpolated.
        double[] x0 = [1, 2], d = [-1, -2];
        var (r, trials, f0, gtd) = Search(x0, d, 1, notFinite: t => t >= 0.8);
        Assert.Equal([1.0, 0.5], trials);
        Assert.Equal(0.5, r.Step);
        Assert.True(double.IsFinite(r.Loss));
        AssertStrongWolfe(r, f0, gtd, x0, d);
    }

    [Fact]
    public void Search_NaNEverywhereButTheOrigin_StaysAtTheOrigin()
    {
        double[] x0 = [1, 2], d = [-1, -2];
        var (r, trials, f0, _) = Search(x0, d, 1, notFinite: t => t > 0);
        Assert.Equal(25 + 1, trials.Count);   // the first trial and 25 halvings, then the budget is spent
        Assert.Equal((0.0, f0, -1), (r.Step, r.Loss, r.Evaluation));
    }
}
