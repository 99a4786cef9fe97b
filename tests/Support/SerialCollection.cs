namespace TorchAe.Tests.Support;

/// <summary>Tests that run with no other test beside them. TorchSharp frees the <c>Scalar</c> behind a number passed
/// to an op in its finalizer, and does not keep it alive during the native call; the training loop forces gen-0
/// collections (FinalizerGarbage), so a training test on another thread can free a Scalar that a long op-by-op test
/// (the gradient check) is still using: libtorch then asserts in Scalar::equal / toDouble. Tests that compare the bits
/// of two in-process runs are here too: libtorch's thread count (MKL's included) is process-wide, so a training run on
/// another test thread that sets it splits this run's sums differently.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialCollection
{
    public const string Name = "serial";
}
