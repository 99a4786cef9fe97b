using TorchAe.Options;

namespace TorchAe.Data.Readers;

/// <summary>Settings of <see cref="NaturalPatches"/>; defaults are UFLDL's sampleIMAGES exercise (10,000 patches of 8×8).</summary>
public sealed record PatchOptions
{
    /// <summary>Patches in the training set.</summary>
    public int Count { get; init => field = Check.Positive(value, "count"); } = 10_000;

    /// <summary>Patches in the test set, drawn from an independent stream of the same seed; 0 = no test set.</summary>
    public int TestCount { get; init => field = Check.NonNegative(value, "test-count"); }

    /// <summary>k: patches are k×k pixels.</summary>
    public int PatchSize { get; init => field = Check.Positive(value, "patch-size"); } = 8;
}
