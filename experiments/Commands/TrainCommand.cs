using System.CommandLine;
using TorchAe.Cli;
using TorchAe.Data;
using TorchAe.Runs;
using TorchAe.Training.Experiment;

namespace TorchAe.Commands;

/// <summary><c>torchae train --config FILE.json</c>: any experiment from its JSON record (as --print-config writes it),
/// with the same options as the preset commands applied on top of the file (data options only for the file's source).</summary>
public sealed class TrainCommand : TrainingCommand
{
    static readonly Option<string> Config = CliOption.Text("--config", "the experiment record (JSON, as --print-config writes it; required unless --resume); the options below override its fields", placeholder: "FILE");

    public override string Name => "train";
    public override string Summary => "run any experiment from a JSON record, options applied on top (torchae shapes --print-config > my.json; torchae train --config my.json --rho 0.1)";

    protected override ExperimentConfig? Basis => null;
    protected override DataOptionSet Data { get; } = new(Enum.GetValues<DataSource>(), null);
    protected override IEnumerable<Option> OwnOptions => [Config, ShapesCommand.CompareRho];

    protected override ExperimentConfig Build(ParseResult args, ExperimentConfig? resumed) =>
        args.Text(Config) is { } file ? ExperimentJson.Load(file)
        : resumed ?? throw new UsageException("--config is required (see --help)");

    protected override ExperimentConfig ApplyOwn(ExperimentConfig config, ParseResult args) => ShapesCommand.WithCompareRho(config, args);
}
