namespace TorchAe.Training.Experiment;

/// <summary>How the shapes generator draws images (see the Data layer for the exact procedure). Defaults: the lecture's
/// 30×30 frame, centre jittered ±2 px, circumradius 7–12 px, no noise.</summary>
public sealed record ShapesSpec
{
    public int Size { get; init => field = Options.Check.AtLeast(value, 8, "size"); } = 30;
    public double Jitter { get; init => field = Options.Check.NonNegative(value, "jitter"); } = 2;
    /// <summary>Circumradius range in pixels; null = 7/30 and 12/30 of the size (7–12 px at 30×30).</summary>
    public double? RadiusMin { get; init => field = value is null ? null : Options.Check.Positive(value.Value, "radius_min"); }
    public double? RadiusMax { get; init => field = value is null ? null : Options.Check.Positive(value.Value, "radius_max"); }
    public double Noise { get; init => field = Options.Check.NonNegative(value, "noise"); }
}
