namespace TorchAe.Data.Numerics;

/// <summary>xoshiro256** (Blackman and Vigna, 2018) seeded through SplitMix64: integer arithmetic only, so the same
/// seed and stream give the same numbers on every run, machine and .NET version (unlike <see cref="Random"/>, whose
/// algorithm may change, or torch's generators, which differ between CPU and CUDA).</summary>
public sealed class DeterministicRandom
{
    ulong s0, s1, s2, s3;

    /// <summary>The stream <paramref name="stream"/> of <paramref name="seed"/>: different streams of one seed are
    /// independent for all practical purposes (the train and test sets of one seed use two of them).</summary>
    public DeterministicRandom(ulong seed, ulong stream = 0)
    {
        // SplitMix64 fills the state; the stream shifts its starting point by an odd multiple of the stream id.
        ulong x = seed + stream * 0xD1B54A32D192ED03UL;
        s0 = SplitMix64(ref x); s1 = SplitMix64(ref x); s2 = SplitMix64(ref x); s3 = SplitMix64(ref x);
    }

    /// <summary>The next 64 random bits of the stream.</summary>
    public ulong NextUInt64()
    {
        ulong result = RotateLeft(s1 * 5, 7) * 9;
        ulong t = s1 << 17;
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3;
        s2 ^= t;
        s3 = RotateLeft(s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [<paramref name="low"/>, <paramref name="high"/>).</summary>
    public double Uniform(double low, double high) => low + (high - low) * NextDouble();

    /// <summary>Uniform integer in [0, <paramref name="n"/>), unbiased (Lemire's multiply-and-reject).</summary>
    public int NextInt(int n)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n), n, "must be > 0");
        ulong bound = (ulong)n;
        ulong threshold = (0UL - bound) % bound;
        while (true)
        {
            ulong high = Math.BigMul(NextUInt64(), bound, out ulong low);
            if (low >= threshold) return (int)high;
        }
    }

    /// <summary>Standard normal by Box–Muller, with <see cref="PortableMath"/> so it is bit-reproducible.</summary>
    public double NextGaussian()
    {
        double u1 = 1.0 - NextDouble(); // (0, 1]: log stays finite
        double u2 = NextDouble();
        return Math.Sqrt(-2.0 * PortableMath.Log(u1)) * PortableMath.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>Fisher–Yates shuffle in place.</summary>
    public void Shuffle<T>(IList<T> items)
    {
        for (int i = items.Count - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    static ulong SplitMix64(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));
}
