using TorchAe.Data.Numerics;

namespace TorchAe.Data.Shapes;

/// <summary>Draws a <see cref="ShapeSpec"/> as a filled white shape on black, anti-aliased by supersampling: a pixel's
/// value is the fraction of its s×s sub-samples (at the centres of an s×s grid) that fall inside the shape. Pure
/// double arithmetic and <see cref="PortableMath"/>, so the result is the same bytes everywhere.</summary>
internal static class ShapeRasterizer
{
    // A pixel whose centre lies farther than half its diagonal (√2/2 ≈ 0.7071) from the outline is wholly inside or
    // wholly outside: its sub-samples would all agree with the centre, so only the pixels along the outline are sampled.
    const double HalfDiagonal = 0.7072;

    /// <summary>(size·size) values in [0, 1], row by row.</summary>
    public static float[] Render(ShapeSpec spec, int size, int supersampling)
    {
        var polygon = spec.Shape == ShapeClass.Circle ? null : Outline(spec);
        var pixels = new float[size * size];
        double r = spec.Radius;
        int x0 = Math.Max(0, (int)Math.Floor(spec.CenterX - r)), x1 = Math.Min(size - 1, (int)Math.Floor(spec.CenterX + r));
        int y0 = Math.Max(0, (int)Math.Floor(spec.CenterY - r)), y1 = Math.Min(size - 1, (int)Math.Floor(spec.CenterY + r));
        for (int py = y0; py <= y1; py++)
            for (int px = x0; px <= x1; px++)
            {
                double cx = px + 0.5, cy = py + 0.5;
                double distance = polygon is null ? Math.Abs(Math.Sqrt(Square(cx - spec.CenterX) + Square(cy - spec.CenterY)) - r) : DistanceToOutline(polygon, cx, cy);
                if (distance > HalfDiagonal)
                {
                    pixels[py * size + px] = Inside(spec, polygon, cx, cy) ? 1f : 0f;
                    continue;
                }
                int hits = 0;
                for (int j = 0; j < supersampling; j++)
                    for (int i = 0; i < supersampling; i++)
                        if (Inside(spec, polygon, px + (i + 0.5) / supersampling, py + (j + 0.5) / supersampling)) hits++;
                pixels[py * size + px] = (float)((double)hits / (supersampling * supersampling));
            }
        return pixels;
    }

    /// <summary>The polygon's vertices (x0, y0, x1, y1, …): an equilateral triangle, a rectangle whose half-diagonal is
    /// the radius, or a five-pointed star alternating outer radius and InnerRatio × radius; all turned by Rotation.</summary>
    public static double[] Outline(ShapeSpec spec)
    {
        double r = spec.Radius;
        // Local corners, y pointing up: an unrotated triangle or star stands on its base.
        (double X, double Y)[] local = spec.Shape switch
        {
            ShapeClass.Triangle => Polar([r, r, r]),
            ShapeClass.Rectangle => RectangleCorners(r, spec.Aspect),
            ShapeClass.Star => Polar([r, r * spec.InnerRatio, r, r * spec.InnerRatio, r, r * spec.InnerRatio, r, r * spec.InnerRatio, r, r * spec.InnerRatio]),
            _ => throw new ArgumentException($"{spec.Shape} has no polygon outline"),
        };
        double cos = PortableMath.Cos(spec.Rotation), sin = PortableMath.Sin(spec.Rotation);
        var xy = new double[local.Length * 2];
        for (int k = 0; k < local.Length; k++)
        {
            // Rotate, then flip y into image rows (which grow downwards).
            xy[2 * k] = spec.CenterX + local[k].X * cos - local[k].Y * sin;
            xy[2 * k + 1] = spec.CenterY - (local[k].X * sin + local[k].Y * cos);
        }
        return xy;
    }

    /// <summary>Vertices at equal angles 2πk/n starting straight up, at the given distances from the centre.</summary>
    static (double, double)[] Polar(double[] radii) =>
        radii.Select((radius, k) => (radius * PortableMath.Sin(2 * Math.PI * k / radii.Length), radius * PortableMath.Cos(2 * Math.PI * k / radii.Length))).ToArray();

    static (double, double)[] RectangleCorners(double r, double aspect)
    {
        // Half-sides L (long, along x) and aL (short) with L² + (aL)² = r².
        double halfLong = r / Math.Sqrt(1 + aspect * aspect), halfShort = aspect * halfLong;
        return [(halfLong, halfShort), (-halfLong, halfShort), (-halfLong, -halfShort), (halfLong, -halfShort)];
    }

    static bool Inside(ShapeSpec spec, double[]? polygon, double x, double y) =>
        polygon is null ? Square(x - spec.CenterX) + Square(y - spec.CenterY) <= spec.Radius * spec.Radius : InsidePolygon(polygon, x, y);

    /// <summary>Crossing-number test; right for the non-convex star as its outline does not cross itself.</summary>
    static bool InsidePolygon(double[] p, double x, double y)
    {
        bool inside = false;
        int n = p.Length / 2;
        for (int i = 0, j = n - 1; i < n; j = i++)
        {
            double xi = p[2 * i], yi = p[2 * i + 1], xj = p[2 * j], yj = p[2 * j + 1];
            if ((yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi) inside = !inside;
        }
        return inside;
    }

    static double DistanceToOutline(double[] p, double x, double y)
    {
        double best = double.MaxValue;
        int n = p.Length / 2;
        for (int i = 0, j = n - 1; i < n; j = i++)
        {
            double ax = p[2 * j], ay = p[2 * j + 1], dx = p[2 * i] - ax, dy = p[2 * i + 1] - ay;
            double t = Math.Clamp(((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy), 0, 1);
            best = Math.Min(best, Square(x - ax - t * dx) + Square(y - ay - t * dy));
        }
        return Math.Sqrt(best);
    }

    static double Square(double v) => v * v;
}
