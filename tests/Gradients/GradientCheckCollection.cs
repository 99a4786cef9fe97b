namespace TorchAe.Tests.Gradients;

/// <summary>The gradient checks run alone, not beside other test classes. Each evaluates the loss thousands of times,
/// and every number passed to a TorchSharp op becomes a native <c>Scalar</c> freed by a finalizer; training tests
/// running in parallel force a gen-0 collection every MB (FinalizerGarbage). Side by side, the full suite on a loaded
/// 2-core machine failed in TorchSharp's Scalar code ("Unknown scalar type", Scalar.h assertions) in gradient checks
/// and in a training test, while each passed alone: a Scalar that the JIT no longer holds is, we suspect, finalized
/// while its op is still running. Alone, the checks see only their own (unforced) collections.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GradientCheckCollection
{
    public const string Name = "gradient checks";
}
