namespace TorchAe.Data.Shapes;

/// <summary>Which of the two independent sets of one seed a generator draws.</summary>
public enum ShapesSplit
{
    /// <summary>The training set's stream.</summary>
    Train,
    /// <summary>The test set's stream (independent of the training set's).</summary>
    Test,
}
