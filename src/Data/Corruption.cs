using TorchAe.Kernels;
using System.Globalization;
using TorchAe.Options;
using static TorchSharp.torch;

namespace TorchAe.Data;

/// <summary>The corruption q(X̃ | X) of a denoising autoencoder (Vincent et al. 2010): the encoder reads X̃ and the loss
/// compares the reconstruction with the clean X (docs/math.md). Written <c>mask:ν</c>, <c>gaussian:σ</c>,
/// <c>saltpepper:ν</c> or <c>none</c>. Every draw comes from the caller's CPU generator, one float32 value per element
/// whatever the batch's dtype and device, so a seed (or a saved generator state) gives the same X̃ everywhere. In JSON it
/// is the same text (<c>"mask:0.25"</c>).</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(CorruptionJsonConverter))]
public sealed record Corruption
{
    /// <summary>ν (fraction, mask and saltpepper: in [0, 1)) or σ (gaussian: ≥ 0), checked against <paramref name="kind"/>.</summary>
    public Corruption(CorruptionKind kind, double level)
    {
        Kind = kind;
        Level = kind switch
        {
            CorruptionKind.None => level == 0 ? 0 : throw new OptionException("corruption", $"none:{Format(level)}", "none without a level"),
            CorruptionKind.Gaussian => Check.NonNegative(level, "corruption gaussian σ"),
            _ => double.IsFinite(level) && level >= 0 && level < 1 ? level
                : throw new OptionException($"corruption {EnumText.Name(kind)} ν", level, "a fraction in [0, 1)"),
        };
    }

    /// <summary>No corruption: X̃ = X.</summary>
    public static Corruption None { get; } = new(CorruptionKind.None, 0);

    /// <summary>The kind of noise.</summary>
    public CorruptionKind Kind { get; }
    /// <summary>ν for mask and saltpepper, σ for gaussian, 0 for none.</summary>
    public double Level { get; }

    /// <summary>True when <see cref="Apply"/> changes nothing (none, or a level of 0): no draw is made.</summary>
    public bool IsNone => Kind == CorruptionKind.None || Level == 0;

    /// <summary>X̃ for the batch <paramref name="clean"/> (any shape, float), drawn from <paramref name="generator"/> (a CPU
    /// generator); <paramref name="clean"/> itself is not changed. <see cref="IsNone"/>: the input itself, no draw.</summary>
    public Tensor Apply(Tensor clean, Generator generator)
    {
        if (IsNone) return clean;
        using var scope = NewDisposeScope();
        Tensor corrupted;
        if (Kind == CorruptionKind.Gaussian)
        {
            // x̃ = x + σ ε, ε ~ N(0, 1), not clipped
            var noise = randn(clean.shape, dtype: ScalarType.Float32, generator: generator).to(clean.dtype, clean.device);
            corrupted = clean.Plus(noise.Times(Level));
        }
        else
        {
            var u = rand(clean.shape, dtype: ScalarType.Float32, generator: generator).to(clean.device);
            if (Kind == CorruptionKind.Mask)
                // x̃ = x where u ≥ ν, else 0
                corrupted = clean.Filled(u.LessThan(Level), 0);
            else
                // u < ν/2 → 0 (pepper), ν/2 ≤ u < ν → 1 (salt), else x
                corrupted = clean.Filled(u.LessThan(Level), 1).FillInPlace(u.LessThan(Level / 2), 0);
        }
        return corrupted.MoveToOuterDisposeScope();
    }

    /// <summary>Reads <c>none</c>, <c>mask:ν</c>, <c>gaussian:σ</c> or <c>saltpepper:ν</c>; anything else throws
    /// <see cref="OptionException"/> naming <paramref name="field"/>.</summary>
    public static Corruption Parse(string text, string field = "corruption")
    {
        var parts = text.Trim().Split(':');
        const string allowed = "none, mask:ν, gaussian:σ or saltpepper:ν (e.g. mask:0.25)";
        if (parts.Length == 1 && parts[0].Equals("none", StringComparison.OrdinalIgnoreCase)) return None;
        if (parts.Length != 2 || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double level))
            throw new OptionException(field, text, allowed);
        var kind = Enum.GetValues<CorruptionKind>().Where(k => k != CorruptionKind.None)
            .Cast<CorruptionKind?>().FirstOrDefault(k => EnumText.Name(k!.Value).Equals(parts[0].Trim(), StringComparison.OrdinalIgnoreCase))
            ?? throw new OptionException(field, text, allowed);
        try { return new Corruption(kind, level); }
        catch (OptionException) { throw new OptionException(field, text, kind == CorruptionKind.Gaussian ? "gaussian:σ with σ >= 0" : $"{parts[0].Trim()}:ν with ν in [0, 1)"); }
    }

    /// <summary><c>none</c>, or e.g. <c>mask:0.25</c> (what <see cref="Parse"/> reads).</summary>
    public override string ToString() => Kind == CorruptionKind.None ? "none" : $"{EnumText.Name(Kind)}:{Format(Level)}";

    static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
