using System.Text.Json.Serialization;
using TorchAe.Options;
using static System.FormattableString;

namespace TorchAe.Data.Shapes;

/// <summary>How the shapes data set (<see cref="ShapesGenerator"/>) draws its images: Size×Size grey images of one
/// filled white shape on black; the <c>data.shapes</c> object of an experiment record. How many images is the data's
/// (<see cref="DataOptions.TrainCount"/>, <see cref="DataOptions.TestCount"/>). Each field is checked when set; the checks that involve two fields run in
/// <see cref="Validate"/>, which the generator calls.</summary>
public sealed record ShapesOptions
{
    /// <summary>Pixels per side. 30 as in the lecture's shapes example (900 inputs).</summary>
    public int Size { get; init => field = Check.AtMost(Check.AtLeast(value, 8, "size"), 4096, "size"); } = 30;

    /// <summary>The centre is the middle of the frame plus a uniform offset in [−Jitter, Jitter] px in x and in y.</summary>
    public double Jitter { get; init => field = Check.NonNegative(value, "jitter"); } = 2;

    /// <summary>Smallest circumradius in px; null = Size × 7/30 (7 px at 30×30).</summary>
    public double? RadiusMin { get; init => field = value is { } v ? Check.Positive(v, "radius_min") : null; }

    /// <summary>Largest circumradius in px; null = Size × 12/30 (12 px at 30×30). Radii are uniform in [min, max].</summary>
    public double? RadiusMax { get; init => field = value is { } v ? Check.Positive(v, "radius_max") : null; }

    /// <summary>Standard deviation of Gaussian noise added to every pixel before clipping to [0, 1]; 0 = none.</summary>
    public double Noise { get; init => field = Check.NonNegative(value, "noise"); }

    /// <summary>Anti-aliasing: each pixel is the covered fraction of Supersampling × Supersampling sub-samples.</summary>
    [JsonIgnore]
    public int Supersampling { get; init => field = value is >= 1 and <= 16 ? value : throw new OptionException("supersampling", value, "an integer in [1, 16]"); } = 8;

    /// <summary>Shapes keep this many px away from the frame's edge, so the outermost ring of pixels stays black.</summary>
    public const double Margin = 1;

    /// <summary>The smallest circumradius drawn: <see cref="RadiusMin"/>, or Size × 7/30 when null.</summary>
    [JsonIgnore]
    public double EffectiveRadiusMin => RadiusMin ?? Size * 7.0 / 30;
    /// <summary>The largest circumradius drawn: <see cref="RadiusMax"/>, or Size × 12/30 when null.</summary>
    [JsonIgnore]
    public double EffectiveRadiusMax => RadiusMax ?? Size * 12.0 / 30;

    /// <summary>Cross-field checks. The largest radius must fit a centred shape inside the margin, and jitter + the
    /// smallest radius must fit too; a drawn shape that would still cross the margin (large jitter and a large radius)
    /// keeps its centre and has its radius shrunk to fit, which never takes it below the smallest radius.</summary>
    public ShapesOptions Validate()
    {
        double half = Size / 2.0 - Margin;
        if (EffectiveRadiusMax < EffectiveRadiusMin)
            throw new OptionException("radius_max", EffectiveRadiusMax, Invariant($"a number >= radius_min ({EffectiveRadiusMin})"));
        if (EffectiveRadiusMax > half)
            throw new OptionException("radius_max", EffectiveRadiusMax, Invariant($"a number <= {half} for size {Size} (the shape must stay {Margin} px inside the frame)"));
        if (Jitter + EffectiveRadiusMin > half)
            throw new OptionException("jitter", Jitter, Invariant($"a number <= {half - EffectiveRadiusMin} for size {Size} and radius_min {EffectiveRadiusMin} (the smallest shape must fit)"));
        return this;
    }
}
