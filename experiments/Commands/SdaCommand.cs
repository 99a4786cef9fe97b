using System.CommandLine;
using TorchAe.Cli;
using TorchAe.Data;
using TorchAe.Runs;
using TorchAe.Training.Experiment;
using TorchAe.Presets;

namespace TorchAe.Commands;

/// <summary><c>torchae sda</c>: Vincent et al. 2010's stacked denoising autoencoder on MNIST (SdA-3; with
/// <c>--corruption none</c> their SAA-3).</summary>
public sealed class SdaCommand : TrainingCommand
{
    public override string Name => "sda";
    public override string Summary => "Vincent et al. 2010's stacked denoising autoencoder: MNIST 784→1000→1000→1000→10, masking 0.25, SGD batch 1; test error beside their 1.28% (--corruption none: SAA-3, 1.40%)";

    protected override ExperimentConfig Basis { get; } = ExperimentPresets.Sda([]);
    protected override DataOptionSet Data { get; } = new([DataSource.Mnist], ExperimentPresets.Sda([]).Data,
        pathsHelp: "folder with train-images-idx3-ubyte[.gz], train-labels…, t10k-images…, t10k-labels… (required)");

    protected override ExperimentConfig Build(ParseResult args, ExperimentConfig? resumed) =>
        resumed ?? (args.Given(Data.Find("--data")!) ? Basis : throw new UsageException("--data is required (see --help)"));
}
