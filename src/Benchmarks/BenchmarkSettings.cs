using TorchAe.Options;

namespace TorchAe.Benchmarks;

/// <summary>How long <see cref="TrainingBenchmark"/> times each row. An epoch is one full-batch step, or one shuffled pass
/// over the <see cref="Samples"/> samples in mini-batches (⌈1000/64⌉ = 16 steps: 15 of 64 and one of 40).</summary>
internal sealed record BenchmarkSettings
{
    /// <summary>Training samples per workload (the batch of a full-batch step). 1000 as in the PyTorch comparison.</summary>
    public int Samples { get; init => field = Check.Positive(value, "samples"); } = 1000;

    /// <summary>The mini-batch size of the batch-64 rows.</summary>
    public int MiniBatch { get; init => field = Check.Positive(value, "mini_batch"); } = 64;

    /// <summary>Untimed full-batch epochs per row before timing (JIT tiers, allocator pools, OpenMP threads warm up).</summary>
    public int WarmupSteps { get; init => field = Check.NonNegative(value, "warmup_steps"); } = 20;

    /// <summary>Timed full-batch epochs (= steps) per row.</summary>
    public int Steps { get; init => field = Check.Positive(value, "steps"); } = 200;

    /// <summary>Untimed mini-batch epochs per row.</summary>
    public int WarmupEpochs { get; init => field = Check.NonNegative(value, "warmup_epochs"); } = 3;

    /// <summary>Timed mini-batch epochs per row.</summary>
    public int Epochs { get; init => field = Check.Positive(value, "epochs"); } = 40;

    /// <summary>Untimed epochs per row of the SdA workloads (<see cref="WorkloadKind.Denoising"/>: batch 1 makes an epoch
    /// 1000 steps).</summary>
    public int DenoisingWarmupEpochs { get; init => field = Check.NonNegative(value, "denoising_warmup_epochs"); } = 1;

    /// <summary>Timed epochs per row of the SdA workloads.</summary>
    public int DenoisingEpochs { get; init => field = Check.Positive(value, "denoising_epochs"); } = 6;

    /// <summary>The timed epochs of a row are split into this many rounds that alternate with the other gradient source
    /// of the same shape, so a change of load on a shared machine hits both alike.</summary>
    public int Rounds { get; init => field = Check.Positive(value, "rounds"); } = 10;

    /// <summary>RSS is read after these many full-batch steps of the RSS workload (the first must be smaller).</summary>
    public (int First, int Last) RssSteps
    {
        get;
        init => field = value.First > 0 && value.Last > value.First ? value
            : throw new OptionException("rss_steps", $"({value.First}, {value.Last})", "two step counts 0 < first < last");
    } = (1_000, 10_000);

    /// <summary>Adam's η.</summary>
    public double LearningRate { get; init => field = Check.Positive(value, "learning_rate"); } = 1e-3;

    /// <summary>Seeds the models, the data and the shuffles.</summary>
    public ulong Seed { get; init; } = 1;

    public IReadOnlyList<BenchmarkWorkload> Workloads { get; init; } = BenchmarkWorkload.Standard;

    /// <summary>About 20× fewer steps: the whole table in well under a minute, RSS after 100 and 1,000 steps.</summary>
    public static BenchmarkSettings Quick { get; } = new()
    {
        WarmupSteps = 5, Steps = 20, WarmupEpochs = 1, Epochs = 4, Rounds = 4, RssSteps = (100, 1_000), DenoisingWarmupEpochs = 0, DenoisingEpochs = 2,
    };
}
