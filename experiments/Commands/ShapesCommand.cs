using System.Globalization;
using TorchAe.Cli;
using TorchAe.Runs;
using TorchAe.Training.Experiment;

namespace TorchAe.Commands;

/// <summary><c>torchae shapes</c>: the lecture's study, the main job.</summary>
public sealed class ShapesCommand : TrainingCommand
{
    public override string Name => "shapes";
    public override string Summary => "the lecture: 30×30 shapes, 900→100→50→4 sparse stack, softmax, fine-tuning; weight mosaics, plots, report";

    protected override IReadOnlyList<OptionSpec> OwnOptions { get; } =
    [
        new("--train-count", "training images", Display: "1000"),
        new("--test-count", "held-out test images (independent seed stream)", Display: "1000"),
        new("--size", "image side in pixels", Display: "30"),
        new("--jitter", "centre jitter in pixels (± uniform)", Display: "2"),
        new("--radius-min", "smallest circumradius in pixels", Display: "7 (size·7/30)"),
        new("--radius-max", "largest circumradius in pixels", Display: "12 (size·12/30)"),
        new("--noise", "std of Gaussian pixel noise", Display: "0"),
        new("--compare-rho", "also train layer 1 at each ρ, e.g. 0.05,0.25, and compare mosaics and ρ̂ histograms"),
        .. LayerOptions,
    ];

    protected override ExperimentConfig Build(ParsedArgs args, ExperimentConfig? resumed)
    {
        var c = resumed ?? Presets.Presets.Shapes();
        var shapes = c.Data.Shapes;
        if (args.Has("--size")) shapes = shapes with { Size = args.Int("--size", min: 8)!.Value };
        if (args.Has("--jitter")) shapes = shapes with { Jitter = args.Double("--jitter")!.Value };
        if (args.Has("--radius-min")) shapes = shapes with { RadiusMin = args.Double("--radius-min") };
        if (args.Has("--radius-max")) shapes = shapes with { RadiusMax = args.Double("--radius-max") };
        if (args.Has("--noise")) shapes = shapes with { Noise = args.Double("--noise")!.Value };
        var data = c.Data with
        {
            Shapes = shapes,
            TrainCount = args.Int("--train-count", min: 4) ?? c.Data.TrainCount,
            TestCount = args.Int("--test-count", min: 4) ?? c.Data.TestCount,
        };
        var compare = args.Doubles("--compare-rho");
        foreach (var rho in compare)
            if (!(rho > 0 && rho < 1)) throw new UsageException($"--compare-rho values must be in (0, 1), got '{rho.ToString(CultureInfo.InvariantCulture)}'");
        return c with { Data = data, Pipeline = ApplyLayers(c.Pipeline, args), CompareRho = args.Has("--compare-rho") ? compare : c.CompareRho };
    }
}
