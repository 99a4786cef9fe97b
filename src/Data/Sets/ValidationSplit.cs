namespace TorchAe.Data.Sets;

/// <summary>Which training samples <see cref="DataOptions.ValidationFraction"/> holds out (config.json's
/// <c>data.validation_split</c>, <c>--validation-split</c>).</summary>
public enum ValidationSplit
{
    /// <summary><c>stratified</c> (the default): within each class a seeded random share (<see cref="DataSplits.Stratified"/>).</summary>
    Stratified,
    /// <summary><c>last</c>: the last round(n·fraction) training samples in file order, no draw — the split of Vincent et
    /// al. 2010 and the Theano tutorials' mnist.pkl.gz (MNIST's 60,000 training images: the first 50,000 train, the last
    /// 10,000 validate).</summary>
    Last,
}
