using System.Text.Json.Serialization;

namespace TorchAe.Training.Experiment;

/// <summary>The full record of an experiment: what the presets build, what <c>torchae train --config</c> reads and what
/// every run folder keeps as <c>config.json</c>.</summary>
public sealed record ExperimentConfig
{
    /// <summary>The preset or a name of the user's choosing.</summary>
    [JsonRequired]
    public string Name { get; init; } = "custom";
    [JsonRequired]
    public ulong Seed { get; init; } = 1;
    /// <summary><c>cpu</c>, <c>cuda</c> or <c>auto</c>.</summary>
    public string Device { get; init; } = "cpu";
    /// <summary><c>float32</c> or <c>float64</c>.</summary>
    public string Dtype { get; init; } = "float32";
    /// <summary>Intra-op threads of libtorch; 0 = one per core.</summary>
    public int Threads { get; init => field = Options.Check.NonNegative(value, "threads"); }
    [JsonRequired]
    public DataSpec Data { get; init; } = new();
    [JsonRequired]
    public PipelineSpec Pipeline { get; init; } = new();
    /// <summary>Shapes: also train layer 1 at each of these ρ and compare their mosaics and ρ̂ histograms.</summary>
    public IReadOnlyList<double> CompareRho { get; init; } = [];
    /// <summary>The command line that made the run (recorded, ignored on input).</summary>
    public string? CommandLine { get; init; }
}
