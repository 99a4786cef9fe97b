using TorchAe.Kernels;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TorchAe.Gradients;

/// <summary>UFLDL's gradient check in float64: central differences D(h) = (J(θ + h e_i) − J(θ − h e_i)) / 2h with
/// ε = 1e-4, compared with autograd and the hand-derived reference by the relative error ‖a − b‖ / ‖a + b‖.
/// The plain D(ε) has a truncation error of O(ε²) ≈ 1e-9 relative for tanh units (tanh''' is 16× sigmoid''' at 0), right
/// at UFLDL's bar, so the checked value is Richardson's (4 D(ε/2) − D(ε)) / 3, whose error is O(ε⁴); the plain
/// figure is reported beside it.</summary>
public static class GradientChecker
{
    /// <summary>ε of the central differences D(ε) = (J(θ + ε) − J(θ − ε)) / 2ε (UFLDL's 1e-4).</summary>
    public const double Epsilon = 1e-4;

    /// <param name="parameters">the model's named parameters, float64.</param>
    /// <param name="loss">J(θ) for the current parameter values, with a graph for autograd.</param>
    /// <param name="hand">the hand-derived gradients for the current values.</param>
    /// <param name="maxChecked">check at most this many coordinates (a seeded random subset), all when null.</param>
    /// <param name="difference">the finite difference D(h) given J along the checked coordinate, t ↦ J(θ + t eᵢ);
    /// default the central (J(θ + h eᵢ) − J(θ − h eᵢ)) / 2h. Tests pass a broken one to show the numeric side can fail.</param>
    public static GradientCheckResult Run(IReadOnlyList<(string Name, Parameter Parameter)> parameters, Func<Tensor> loss,
        Func<ParameterGradients> hand, int? maxChecked = null, Generator? generator = null,
        Func<Func<double, double>, double, double>? difference = null)
    {
        using var scope = NewDisposeScope();
        if (parameters.Any(p => p.Parameter.dtype != ScalarType.Float64))
            throw new ArgumentException("the gradient check needs float64 parameters");

        foreach (var (_, p) in parameters) p.grad = null;
        loss().backward();
        var autograd = parameters.Select(p => p.Parameter.grad!.detach().clone().flatten()).ToArray();
        var handGradients = hand().Gradients;
        var handFlat = parameters.Select(p => handGradients[p.Name].flatten()).ToArray();

        long total = parameters.Sum(p => p.Parameter.numel());
        var coordinates = Coordinates(total, maxChecked, generator);
        var numeric = new double[coordinates.Length];
        var plain = new double[coordinates.Length];
        var autogradAt = new double[coordinates.Length];
        var offsets = parameters.Select(p => p.Parameter.numel()).ToArray();
        using (no_grad())
        {
            for (int c = 0; c < coordinates.Length; c++)
            {
                var (which, index) = Locate(coordinates[c], offsets);
                var flat = parameters[which].Parameter.view(-1);
                double original = flat[index].ToDouble();
                double LossAt(double t)
                {
                    flat[index] = original + t;
                    double value = LossValue(loss);
                    flat[index] = original;
                    return value;
                }
                double Central(double h) => difference is null
                    ? (LossAt(h) - LossAt(-h)) / (2 * h)              // D(h)
                    : difference(LossAt, h);
                plain[c] = Central(Epsilon);
                numeric[c] = (4 * Central(Epsilon / 2) - plain[c]) / 3;   // Richardson: O(ε⁴)
                autogradAt[c] = autograd[which][index].ToDouble();
            }
        }
        var a = cat(autograd);
        var h = cat(handFlat);
        return new GradientCheckResult(
            Parameters: total,
            Checked: coordinates.Length,
            RelNumericVsAutograd: Relative(numeric, autogradAt),
            RelPlainNumericVsAutograd: Relative(plain, autogradAt),
            RelHandVsAutograd: ((h - a).norm().ToDouble() is var num && h.Plus(a).norm().ToDouble() is var den && den > 0) ? num / den : 0);
    }

    static double LossValue(Func<Tensor> loss)
    {
        using var scope = NewDisposeScope();
        return loss().ToDouble();
    }

    static long[] Coordinates(long total, int? maxChecked, Generator? generator)
    {
        if (maxChecked is null || maxChecked >= total) return Enumerable.Range(0, (int)total).Select(i => (long)i).ToArray();
        using var scope = NewDisposeScope();
        var picked = randperm(total, generator: generator ?? new Generator(0)).narrow(0, 0, maxChecked.Value);
        return picked.sort().Values.data<long>().ToArray();
    }

    static (int Which, long Index) Locate(long coordinate, long[] sizes)
    {
        int which = 0;
        while (coordinate >= sizes[which]) { coordinate -= sizes[which]; which++; }
        return (which, coordinate);
    }

    /// <summary>‖a − b‖ / ‖a + b‖ (0 when both are zero).</summary>
    public static double Relative(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        double diff = 0, sum = 0;
        for (int i = 0; i < a.Count; i++)
        {
            diff += (a[i] - b[i]) * (a[i] - b[i]);
            sum += (a[i] + b[i]) * (a[i] + b[i]);
        }
        return sum == 0 ? 0 : Math.Sqrt(diff / sum);
    }
}
