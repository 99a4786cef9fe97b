using TorchAe.Reporting.Sweeps;

namespace TorchAe.Tests.Reporting.Sweeps;

public sealed class StudentTTests
{
    /// <summary>The two-sided 95 % points every statistics table prints (t₀.₉₇₅ to three decimals).</summary>
    [Theory]
    [InlineData(1, 12.706)]
    [InlineData(2, 4.303)]
    [InlineData(4, 2.776)]
    [InlineData(9, 2.262)]
    [InlineData(30, 2.042)]
    public void Quantile_0975_MatchesTheTable(int df, double table)
    {
        Assert.Equal(table, StudentT.Quantile(0.975, df), 3);
    }

    [Fact]
    public void Quantile_ManyDegrees_ApproachesTheNormal()
    {
        // Φ⁻¹(0.975) = z = 1.9599640; for large ν, t ≈ z + (z³ + z) / (4ν) = 1.9599640 + 9.489 / 4e6 = 1.9599664.
        Assert.Equal(1.9599664, StudentT.Quantile(0.975, 1_000_000), 6);
    }

    [Fact]
    public void Quantile_IsSymmetric_AndOneDegreeIsCauchy()
    {
        Assert.Equal(-StudentT.Quantile(0.975, 4), StudentT.Quantile(0.025, 4), 10);
        // With ν = 1, t is Cauchy: F⁻¹(p) = tan(π(p − ½)).
        Assert.Equal(Math.Tan(Math.PI * (0.9 - 0.5)), StudentT.Quantile(0.9, 1), 8);
    }

    [Fact]
    public void Quantile_NoDegreesOfFreedom_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => StudentT.Quantile(0.975, 0));
    }
}
