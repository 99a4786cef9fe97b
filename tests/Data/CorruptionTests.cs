using TorchAe.Data;
using TorchAe.Options;
using static TorchSharp.torch;

namespace TorchAe.Tests.Data;

/// <summary>The corruptions of a denoising autoencoder: what each does to a batch (fractions within 5 binomial standard
/// deviations of ν, the Gaussian's moments), that the clean batch is left alone, and that a draw is a function of the
/// generator's state only (seed, saved state, dtype).</summary>
public sealed class CorruptionTests
{
    const int Rows = 100, Columns = 200;   // 20 000 elements: a fraction's standard deviation is ≤ 0.0035

    static Tensor Half(ScalarType dtype = ScalarType.Float64) => full(Rows, Columns, 0.5, dtype: dtype);

    [Theory]
    [InlineData(0.1)]
    [InlineData(0.25)]
    public void Apply_Mask_ZeroesAFractionNuAndKeepsTheRest(double nu)
    {
        var clean = Half();
        var corrupted = new Corruption(CorruptionKind.Mask, nu).Apply(clean, new Generator(5));
        double zeros = corrupted.eq(0).to(ScalarType.Float64).mean().ToDouble();
        Assert.InRange(zeros, nu - 5 * Sigma(nu), nu + 5 * Sigma(nu));
        Assert.True(corrupted.eq(0).logical_or(corrupted.eq(0.5)).all().ToBoolean(), "masking only writes zeros");
        Assert.True(clean.eq(0.5).all().ToBoolean(), "the clean batch is not changed");
    }

    [Fact]
    public void Apply_SaltPepper_SetsHalfOfNuToZeroAndHalfToOne()
    {
        const double nu = 0.2;
        var corrupted = new Corruption(CorruptionKind.SaltPepper, nu).Apply(Half(), new Generator(6));
        double pepper = corrupted.eq(0).to(ScalarType.Float64).mean().ToDouble(), salt = corrupted.eq(1).to(ScalarType.Float64).mean().ToDouble();
        foreach (var fraction in new[] { pepper, salt })
            Assert.InRange(fraction, nu / 2 - 5 * Sigma(nu / 2), nu / 2 + 5 * Sigma(nu / 2));
        Assert.Equal(1.0, pepper + salt + corrupted.eq(0.5).to(ScalarType.Float64).mean().ToDouble(), 12);
    }

    [Fact]
    public void Apply_Gaussian_AddsNoiseOfMeanZeroAndDeviationSigma()
    {
        const double sigma = 0.3;
        var noise = (new Corruption(CorruptionKind.Gaussian, sigma).Apply(Half(), new Generator(7)) - 0.5) / sigma;
        // mean of 20 000 N(0, 1): standard deviation 0.007; sample deviation within 5 % of 1
        Assert.InRange(noise.mean().ToDouble(), -0.035, 0.035);
        Assert.InRange(noise.std().ToDouble(), 0.95, 1.05);
    }

    [Theory]
    [InlineData("mask:0.25")]
    [InlineData("gaussian:0.1")]
    [InlineData("saltpepper:0.1")]
    public void Apply_SameGeneratorState_SameDrawInEveryDtype(string text)
    {
        var corruption = Corruption.Parse(text);
        var g = new Generator(11);
        var state = g.get_state();
        var first = corruption.Apply(Half(), g);
        var second = corruption.Apply(Half(), g);
        Assert.False(first.Equals(second), "consecutive draws differ");
        g.set_state(state);                                                  // what a checkpoint restores
        Assert.True(first.Equals(corruption.Apply(Half(), g)), "the saved state gives the same draw");
        var single = corruption.Apply(Half(ScalarType.Float32), new Generator(11));
        Assert.True(first.to(ScalarType.Float32).allclose(single, rtol: 0, atol: 1e-7), "float32 and float64 batches get the same draw");
    }

    [Fact]
    public void Apply_None_ReturnsTheInputWithoutDrawing()
    {
        var g = new Generator(3);
        var state = g.get_state();
        var clean = Half();
        Assert.Same(clean, Corruption.None.Apply(clean, g));
        Assert.Same(clean, new Corruption(CorruptionKind.Mask, 0).Apply(clean, g));
        Assert.True(state.Equals(g.get_state()));
    }

    [Theory]
    [InlineData("mask:0.25", CorruptionKind.Mask, 0.25)]
    [InlineData(" Gaussian:1e-1 ", CorruptionKind.Gaussian, 0.1)]
    [InlineData("saltpepper:0.1", CorruptionKind.SaltPepper, 0.1)]
    [InlineData("none", CorruptionKind.None, 0)]
    public void Parse_KnownKinds_ReadBackAsWritten(string text, CorruptionKind kind, double level)
    {
        var c = Corruption.Parse(text);
        Assert.Equal(new Corruption(kind, level), c);
        Assert.Equal(c, Corruption.Parse(c.ToString()));
    }

    [Theory]
    [InlineData("mask:1", "corruption must be mask:ν with ν in [0, 1), got 'mask:1'")]
    [InlineData("saltpepper:-0.1", "corruption must be saltpepper:ν with ν in [0, 1), got 'saltpepper:-0.1'")]
    [InlineData("gaussian:-1", "corruption must be gaussian:σ with σ >= 0, got 'gaussian:-1'")]
    [InlineData("mask", "corruption must be none, mask:ν, gaussian:σ or saltpepper:ν (e.g. mask:0.25), got 'mask'")]
    [InlineData("dropout:0.5", "corruption must be none, mask:ν, gaussian:σ or saltpepper:ν (e.g. mask:0.25), got 'dropout:0.5'")]
    [InlineData("mask:abc", "corruption must be none, mask:ν, gaussian:σ or saltpepper:ν (e.g. mask:0.25), got 'mask:abc'")]
    public void Parse_BadText_SaysWhatIsAllowed(string text, string message)
    {
        var e = Assert.Throws<OptionException>(() => Corruption.Parse(text));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void Json_IsTheTextTheCommandLineTakes()
    {
        var json = System.Text.Json.JsonSerializer.Serialize(new[] { new Corruption(CorruptionKind.SaltPepper, 0.1), Corruption.None });
        Assert.Equal("[\"saltpepper:0.1\",\"none\"]", json);
        Assert.Equal([new Corruption(CorruptionKind.SaltPepper, 0.1), Corruption.None], System.Text.Json.JsonSerializer.Deserialize<Corruption[]>(json)!);
        var e = Assert.Throws<OptionException>(() => System.Text.Json.JsonSerializer.Deserialize<Corruption>("\"mask:2\""));
        Assert.Equal("corruption", e.Field);
    }

    static double Sigma(double p) => Math.Sqrt(p * (1 - p) / (Rows * Columns));
}
