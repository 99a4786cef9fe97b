using static TorchSharp.torch;

namespace TorchAe.Training.Optimizers;

/// <summary>The strong-Wolfe line search of PyTorch's LBFGS (<c>_strong_wolfe</c> with cubic interpolation):
/// finds t with f(x + t d) ≤ f + c1 t gᵀd and |∇f(x + t d)ᵀd| ≤ −c2 gᵀd.</summary>
internal static class StrongWolfe
{
    public sealed record Result(double Loss, Tensor Gradient, double Step, int Evaluation);

    /// <param name="trial">evaluates f and ∇f at x + t d; returns them and the evaluation's index.</param>
    public static Result Search(Func<double, (double Loss, Tensor Gradient, int Evaluation)> trial, double t, Tensor d,
        double f, Tensor g, double gtd, double toleranceChange, double c1 = 1e-4, double c2 = 0.9, int maxSearches = 25)
    {
        double dNorm = d.abs().max().ToDouble();
        int searches = 0;
        double tPrev = 0, fPrev = f, gtdPrev = gtd;
        Tensor gPrev = g;
        int ePrev = -1;
        bool done = false;
        var (fNew, gNew, gtdNew, eNew) = Legal(ref t, tPrev);
        var bracket = new List<(double T, double F, Tensor G, double Gtd, int E)>();

        // As minFunc's WolfeLineSearch: a trial whose value or slope is NaN/∞ is no number to interpolate with, so the
        // step shrinks halfway back toward the last finite point (0 at first) until it is finite or the trials run out.
        (double F, Tensor G, double Gtd, int E) Legal(ref double step, double toward)
        {
            var (fv, gv, ev) = trial(step);
            double gtdv = gv.dot(d).ToDouble();
            while (!(double.IsFinite(fv) && double.IsFinite(gtdv)) && searches < maxSearches)
            {
                step = (step + toward) / 2;
                (fv, gv, ev) = trial(step);
                gtdv = gv.dot(d).ToDouble();
                searches++;
            }
            return (fv, gv, gtdv, ev);
        }

        while (searches < maxSearches)
        {
            if (fNew > f + c1 * t * gtd || (searches > 1 && fNew >= fPrev))
            {
                bracket = [(tPrev, fPrev, gPrev, gtdPrev, ePrev), (t, fNew, gNew, gtdNew, eNew)];
                break;
            }
            if (Math.Abs(gtdNew) <= -c2 * gtd)
            {
                bracket = [(t, fNew, gNew, gtdNew, eNew)];
                done = true;
                break;
            }
            if (gtdNew >= 0)
            {
                bracket = [(tPrev, fPrev, gPrev, gtdPrev, ePrev), (t, fNew, gNew, gtdNew, eNew)];
                break;
            }
            // Extrapolate: cubic minimiser within [t + 0.01 (t − t_prev), 10 t]
            double minStep = t + 0.01 * (t - tPrev), maxStep = t * 10, previous = t;
            t = CubicInterpolate(tPrev, fPrev, gtdPrev, t, fNew, gtdNew, minStep, maxStep);
            (tPrev, fPrev, gPrev, gtdPrev, ePrev) = (previous, fNew, gNew, gtdNew, eNew);
            (fNew, gNew, gtdNew, eNew) = Legal(ref t, tPrev);
            searches++;
        }
        if (searches >= maxSearches && bracket.Count == 0)
            bracket = [(0, f, g, gtd, -1), (t, fNew, gNew, gtdNew, eNew)];

        // Zoom inside the bracket
        bool insufficientProgress = false;
        // A trial still not finite when the trials ran out never becomes the low end: the search then stays at the origin.
        int low = bracket[0].F <= bracket[^1].F || !double.IsFinite(bracket[^1].F) ? 0 : 1, high = 1 - low;
        while (!done && searches < maxSearches)
        {
            if (Math.Abs(bracket[1].T - bracket[0].T) * dNorm < toleranceChange) break;
            t = CubicInterpolate(bracket[0].T, bracket[0].F, bracket[0].Gtd, bracket[1].T, bracket[1].F, bracket[1].Gtd);
            double hi = Math.Max(bracket[0].T, bracket[1].T), lo = Math.Min(bracket[0].T, bracket[1].T);
            double eps = 0.1 * (hi - lo);
            if (Math.Min(hi - t, t - lo) < eps)
            {
                if (insufficientProgress || t >= hi || t <= lo)
                {
                    t = Math.Abs(t - hi) < Math.Abs(t - lo) ? hi - eps : lo + eps;
                    insufficientProgress = false;
                }
                else insufficientProgress = true;
            }
            else insufficientProgress = false;

            (fNew, gNew, gtdNew, eNew) = Legal(ref t, bracket[low].T);
            searches++;
            if (fNew > f + c1 * t * gtd || fNew >= bracket[low].F)
            {
                bracket[high] = (t, fNew, gNew, gtdNew, eNew);
                (low, high) = bracket[0].F <= bracket[1].F ? (0, 1) : (1, 0);
            }
            else
            {
                if (Math.Abs(gtdNew) <= -c2 * gtd) done = true;
                else if (gtdNew * (bracket[high].T - bracket[low].T) >= 0) bracket[high] = bracket[low];
                bracket[low] = (t, fNew, gNew, gtdNew, eNew);
            }
        }
        var best = bracket[low];
        return new Result(best.F, best.G, best.T, best.E);
    }

    /// <summary>Minimiser of the cubic through (x1, f1, g1) and (x2, f2, g2), clamped into the bounds.</summary>
    public static double CubicInterpolate(double x1, double f1, double g1, double x2, double f2, double g2, double? minBound = null, double? maxBound = null)
    {
        double lo = minBound ?? Math.Min(x1, x2), hi = maxBound ?? Math.Max(x1, x2);
        double d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2);
        double d2Square = d1 * d1 - g1 * g2;
        if (d2Square < 0) return (lo + hi) / 2;
        double d2 = Math.Sqrt(d2Square);
        double minPos = x1 <= x2
            ? x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
            : x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2));
        return Math.Min(Math.Max(minPos, lo), hi);
    }
}
