using System.CommandLine;
using TorchAe.Cli;
using TorchAe.Data;
using TorchAe.Runs;
using TorchAe.Training.Experiment;

namespace TorchAe.Commands;

/// <summary>A training command whose preset reads MNIST from <c>--data DIR</c> (<c>mnist</c>, <c>sda</c>): the preset is
/// the basis, MNIST's data options apply on top, and <c>--data</c> is required unless the run is resumed.</summary>
public abstract class MnistPresetCommand(Func<IReadOnlyList<string>, ExperimentConfig> preset) : TrainingCommand
{
    protected override ExperimentConfig Basis { get; } = preset([]);
    protected override DataOptionSet Data { get; } = new([DataSource.Mnist], preset([]).Data,
        pathsHelp: "folder with train-images-idx3-ubyte[.gz], train-labels…, t10k-images…, t10k-labels… (required)");

    protected override ExperimentConfig Build(ParseResult args, ExperimentConfig? resumed) =>
        resumed ?? (args.Given(Data.Find("--data")!) ? Basis : throw new UsageException("--data is required (see --help)"));
}
