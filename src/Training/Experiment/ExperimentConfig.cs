using System.Text.Json.Serialization;
using TorchAe.Data;
using TorchAe.Runtime;

namespace TorchAe.Training.Experiment;

/// <summary>The full record of an experiment: what the presets build, what <c>torchae train --config</c> reads and what
/// every run folder keeps as <c>config.json</c>. Every field has its one default here (a field a config omits takes
/// it); a preset overrides some.</summary>
public sealed record ExperimentConfig
{
    /// <summary>The preset or a name of the user's choosing.</summary>
    public string Name { get; init; } = "custom";
    /// <summary>Seeds the data (shapes, patches, splits), the initial weights and the shuffling.</summary>
    public ulong Seed { get; init; } = 1;
    /// <summary><c>cpu</c>, <c>cuda</c> or <c>auto</c>; resolved by the entry point (<see cref="DeviceChoice"/>).</summary>
    public DeviceRequest Device { get; init; } = DeviceRequest.Cpu;
    /// <summary>The dtype of data and models.</summary>
    public Precision Dtype { get; init; } = Precision.Float32;
    /// <summary>Intra-op threads of libtorch; 0 = the default (<see cref="Runtime.TorchThreads.ForExperiment"/>: on machines with at most 2 cores every core when the first layer's R·N·H ≥ 6·10⁷, one thread below; else the user's OMP_NUM_THREADS or libtorch's own).
    /// A run folder's config.json records the count that ran, never 0: the thread count changes how sums are split.</summary>
    public int Threads { get; init => field = Options.Check.NonNegative(value, "threads"); }
    /// <summary>Which data, how much of it, and the validation and test shares.</summary>
    public DataOptions Data { get; init; } = new();
    /// <summary>The layers, optimisers and stage settings of the greedy pipeline.</summary>
    public PipelineSpec Pipeline { get; init; } = new();
    /// <summary>Shapes: also train layer 1 at each of these ρ and compare their mosaics and ρ̂ histograms.</summary>
    public IReadOnlyList<double> CompareRho { get; init; } = [];
    /// <summary>The command line that made the run (recorded, ignored on input).</summary>
    public string? CommandLine { get; init; }
    /// <summary>What made the run (a run folder's config.json only; null in --print-config).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Provenance? Provenance { get; init; }
}
