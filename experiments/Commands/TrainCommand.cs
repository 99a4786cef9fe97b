using TorchAe.Cli;
using TorchAe.Runs;
using TorchAe.Training.Experiment;

namespace TorchAe.Commands;

/// <summary><c>torchae train --config FILE.json</c>: any experiment from its JSON record (as --print-config writes it).</summary>
public sealed class TrainCommand : TrainingCommand
{
    public override string Name => "train";
    public override string Summary => "run any experiment from a JSON record (torchae shapes --print-config > my.json; torchae train --config my.json)";

    protected override IReadOnlyList<OptionSpec> OwnOptions { get; } =
    [
        new("--config", "the experiment record (JSON, as --print-config writes it)"),
    ];

    protected override ExperimentConfig Build(ParsedArgs args, ExperimentConfig? resumed) =>
        resumed is not null && !args.Has("--config") ? resumed : ExperimentJson.Load(args.Require("--config"));
}
