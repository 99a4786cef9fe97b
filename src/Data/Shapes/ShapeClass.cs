namespace TorchAe.Data.Shapes;

/// <summary>The four classes of the shapes data set, in label order.</summary>
public enum ShapeClass
{
    /// <summary>A filled circle (label 0).</summary>
    Circle = 0,
    /// <summary>An equilateral triangle (label 1).</summary>
    Triangle = 1,
    /// <summary>A rectangle (label 2).</summary>
    Rectangle = 2,
    /// <summary>A five-pointed star (label 3).</summary>
    Star = 3,
}
