namespace TorchAe.Data;

/// <summary>The four classes of the shapes data set, in label order.</summary>
public enum ShapeClass
{
    Circle = 0,
    Triangle = 1,
    Rectangle = 2,
    Star = 3,
}
