namespace TorchAe.Data.Shapes;

/// <summary>The geometry of one generated image, in pixels with the origin at the top-left corner of the frame
/// (pixel (i, j) covers [i, i+1] × [j, j+1]). <see cref="Radius"/> is the circumradius: every point of the shape lies
/// within it. <see cref="Aspect"/> (short/long side) only matters for rectangles, <see cref="InnerRatio"/> (inner/outer
/// radius) only for stars, <see cref="Rotation"/> (radians) for all but circles; all are drawn for every sample so the
/// random stream does not depend on the class.</summary>
public sealed record ShapeSpec(ShapeClass Shape, double CenterX, double CenterY, double Radius, double Rotation, double Aspect, double InnerRatio);
