namespace TorchAe.Data.Numerics;

/// <summary>sin, cos and log from +, −, ×, ÷ only. IEEE 754 makes those exact-to-the-bit everywhere, whereas
/// <see cref="Math.Sin(double)"/> and friends call the platform's C library, whose last bit differs between systems;
/// the generated data sets must be byte-identical on every machine. Accurate to ~1e-15 on the ranges used here.</summary>
internal static class PortableMath
{
    const double TwoPi = 2 * Math.PI;
    const double Ln2 = 0.69314718055994530942;

    public static double Sin(double x)
    {
        // Reduce to [−π, π]; then Taylor: sin r = r − r³/3! + r⁵/5! − … (31st order: term < 1e-18 at |r| = π).
        double r = x - TwoPi * Math.Round(x / TwoPi);
        double r2 = r * r, term = r, sum = r;
        for (int k = 1; k <= 15; k++)
        {
            term *= -r2 / ((2 * k) * (2 * k + 1));
            sum += term;
        }
        return sum;
    }

    public static double Cos(double x) => Sin(x + Math.PI / 2);

    /// <summary>Natural log of a finite x &gt; 0.</summary>
    public static double Log(double x)
    {
        if (!(x > 0) || !double.IsFinite(x)) throw new ArgumentOutOfRangeException(nameof(x), x, "must be finite and > 0");
        // x = m · 2^e with m in [√½, √2); log x = e ln 2 + 2 atanh(t), t = (m − 1)/(m + 1), |t| ≤ 0.172.
        int e = 0;
        double m = x;
        while (m >= 2) { m *= 0.5; e++; }
        while (m < 1) { m *= 2; e--; }
        if (m > 1.4142135623730951) { m *= 0.5; e++; }
        double t = (m - 1) / (m + 1), t2 = t * t, power = t, sum = 0;
        for (int k = 1; k <= 31; k += 2)
        {
            sum += power / k;
            power *= t2;
        }
        return e * Ln2 + 2 * sum;
    }
}
