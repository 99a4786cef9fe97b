using System.CommandLine;
using TorchAe.Cli;
using TorchAe.Data;
using TorchAe.Runs;
using TorchAe.Training.Experiment;
using TorchAe.Presets;

namespace TorchAe.Commands;

/// <summary><c>torchae mnist</c>: UFLDL's stacked autoencoder exercise.</summary>
public sealed class MnistCommand : TrainingCommand
{
    public override string Name => "mnist";
    public override string Summary => "UFLDL's stacked autoencoder: MNIST 784→200→200→10, L-BFGS 400 per layer; accuracies beside UFLDL's 87.7% / 97.6%";

    protected override ExperimentConfig Basis { get; } = ExperimentPresets.Mnist([]);
    protected override DataOptionSet Data { get; } = new([DataSource.Mnist], ExperimentPresets.Mnist([]).Data,
        pathsHelp: "folder with train-images-idx3-ubyte[.gz], train-labels…, t10k-images…, t10k-labels… (required)");

    protected override ExperimentConfig Build(ParseResult args, ExperimentConfig? resumed) =>
        resumed ?? (args.Given(Data.Find("--data")!) ? Basis : throw new UsageException("--data is required (see --help)"));
}
