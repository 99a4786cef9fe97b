using System.CommandLine;
using System.Globalization;
using TorchAe.Cli;
using TorchAe.Data;
using TorchAe.Runs;
using TorchAe.Training.Experiment;
using TorchAe.Presets;

namespace TorchAe.Commands;

/// <summary><c>torchae shapes</c>: the lecture's study, the main job.</summary>
public sealed class ShapesCommand : TrainingCommand
{
    public override string Name => "shapes";
    public override string Summary => "the lecture: 30×30 shapes, 900→100→50→4 sparse stack, softmax, fine-tuning; weight mosaics, plots, report";

    protected override ExperimentConfig Basis { get; } = ExperimentPresets.Shapes();
    protected override DataOptionSet Data { get; } = new([DataSource.Shapes], ExperimentPresets.Shapes().Data);

    internal static readonly Option<IReadOnlyList<double>> CompareRho = CliOption.List("--compare-rho",
        "also train layer 1 at each ρ, e.g. 0.05,0.25, and compare mosaics and ρ̂ histograms", Number);

    protected override IEnumerable<Option> OwnOptions => [CompareRho];

    protected override ExperimentConfig Build(ParseResult args, ExperimentConfig? resumed) => resumed ?? Basis;

    protected override ExperimentConfig ApplyOwn(ExperimentConfig config, ParseResult args) => WithCompareRho(config, args);

    /// <summary>The record with --compare-rho applied (shapes and train).</summary>
    internal static ExperimentConfig WithCompareRho(ExperimentConfig config, ParseResult args)
    {
        if (!args.Given(CompareRho)) return config;
        var compare = args.Values(CompareRho);
        foreach (var rho in compare)
            if (!(rho > 0 && rho < 1)) throw new UsageException($"--compare-rho values must be in (0, 1), got '{rho.ToString(CultureInfo.InvariantCulture)}'");
        return config with { CompareRho = compare };
    }

    static double Number(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v
        : throw new FormatException($"--compare-rho must be a comma-separated list of numbers, got '{text}'");
}
