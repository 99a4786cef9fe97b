using System.CommandLine;
using TorchAe.Cli;
using TorchAe.Data;
using TorchAe.Runs;
using TorchAe.Training;
using TorchAe.Training.Experiment;
using TorchAe.Presets;

namespace TorchAe.Commands;

/// <summary><c>torchae patches</c>: the sparse-coding experiment on natural-image patches.</summary>
public sealed class PatchesCommand : TrainingCommand
{
    public override string Name => "patches";
    public override string Summary => "sparse coding: 10,000 8×8 natural-image patches, 64→25, ρ 0.01; the mosaic shows edge detectors";

    protected override ExperimentConfig Basis { get; } = ExperimentPresets.Patches([]);
    protected override DataOptionSet Data { get; } = new([DataSource.Patches], ExperimentPresets.Patches([]).Data, pathsName: "--image", countName: "--count",
        countHelp: "patches to sample", pathsHelp: "binary PGM photograph(s) (.pgm or .pgm.gz); repeat or separate with commas (required)");

    protected override ExperimentConfig Build(ParseResult args, ExperimentConfig? resumed) =>
        resumed ?? (args.Given(Data.Find("--image")!) ? Basis : throw new UsageException("--image is required (one or more PGM photographs)"));

    protected override ExperimentConfig ApplyOwn(ExperimentConfig config, ParseResult args) =>
        config.Pipeline.Init == Initialization.Random
            ? throw new UsageException("--init random needs classes to train on, and patches have none (use --init pretrained)")
            : config;
}
