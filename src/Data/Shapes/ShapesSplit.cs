namespace TorchAe.Data;

/// <summary>Which of the two independent sets of one seed a generator draws.</summary>
public enum ShapesSplit
{
    Train,
    Test,
}
