using TorchAe.Cli;
using TorchAe.Runs;
using TorchAe.Training.Experiment;

namespace TorchAe.Commands;

/// <summary><c>torchae mnist</c>: UFLDL's stacked autoencoder exercise.</summary>
public sealed class MnistCommand : TrainingCommand
{
    public override string Name => "mnist";
    public override string Summary => "UFLDL's stacked autoencoder: MNIST 784→200→200→10, L-BFGS 400 per layer; accuracies beside UFLDL's 87.7% / 97.6%";

    protected override IReadOnlyList<OptionSpec> OwnOptions { get; } =
    [
        new("--data", "folder with train-images-idx3-ubyte[.gz], train-labels…, t10k-images…, t10k-labels…"),
        new("--train-count", "use the first N training images", Display: "all 60000"),
        new("--test-count", "use the first N test images", Display: "all 10000"),
        .. LayerOptions,
    ];

    protected override ExperimentConfig Build(ParsedArgs args, ExperimentConfig? resumed)
    {
        var c = resumed ?? Presets.Presets.Mnist(args.Require("--data"));
        return c with
        {
            Data = c.Data with
            {
                Paths = args.Has("--data") ? [args.Require("--data")] : c.Data.Paths,
                TrainCount = args.Int("--train-count", min: 10) ?? c.Data.TrainCount,
                TestCount = args.Int("--test-count", min: 10) ?? c.Data.TestCount,
            },
            Pipeline = ApplyLayers(c.Pipeline, args),
        };
    }
}
