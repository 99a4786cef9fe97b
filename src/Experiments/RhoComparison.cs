using TorchAe.Models;
using TorchAe.Training;
using TorchAe.Training.Experiment;
using static TorchSharp.torch;

namespace TorchAe.Experiments;

/// <summary>The lecture's ρ = 0.05 vs 0.25 comparison: the first layer trained again, from the same initial weights,
/// at each target ρ (all else equal), for side-by-side weight mosaics and ρ̂ histograms.</summary>
internal static class RhoComparison
{
    public sealed record Result(double Rho, SparseAutoencoder Model, IReadOnlyList<UnitStatistics> Units);

    public static IReadOnlyList<Result> Train(ExperimentConfig config, ExperimentData data, ScalarType dtype, Device device, IMetricsSink progress)
    {
        var results = new List<Result>();
        var first = config.Pipeline.Layers[0];
        foreach (var rho in config.CompareRho)
        {
            var spec = config.Pipeline with { Init = Initialization.Pretrained, Layers = [first with { Loss = first.Loss with { TargetActivation = rho } }] };
            var result = new GreedyPipeline
            {
                Spec = spec,
                Train = new TrainingData(data.Train.FeaturesTensor(dtype, device), null),
                Classes = 0,
                Seed = config.Seed,
                Sink = progress,
            }.Run();
            results.Add(new Result(rho, result.Autoencoders[0], result.Units[0]));
        }
        return results;
    }
}
