using TorchAe.Cli;
using TorchAe.Runs;
using TorchAe.Training;
using TorchAe.Training.Experiment;

namespace TorchAe.Commands;

/// <summary><c>torchae patches</c>: the sparse-coding experiment on natural-image patches.</summary>
public sealed class PatchesCommand : TrainingCommand
{
    public override string Name => "patches";
    public override string Summary => "sparse coding: 10,000 8×8 natural-image patches, 64→25, ρ 0.01; the mosaic shows edge detectors";

    protected override IReadOnlyList<OptionSpec> OwnOptions { get; } =
    [
        new("--image", "binary PGM photograph(s) (.pgm or .pgm.gz); repeat or separate with commas", Repeatable: true),
        new("--count", "patches to sample", Display: "10000"),
        new("--patch-size", "patch side in pixels", Display: "8"),
        .. LayerOptions,
    ];

    protected override ExperimentConfig Build(ParsedArgs args, ExperimentConfig? resumed)
    {
        if (args.Has("--init") && ParseInit(args.Require("--init")) == Initialization.Random)
            throw new UsageException("--init random needs classes to train on, and patches have none (use --init pretrained)");
        var images = args.All("--image");
        if (images.Count == 0 && resumed is null) throw new UsageException("--image is required (one or more PGM photographs)");
        var c = resumed ?? Presets.Presets.Patches(images);
        return c with
        {
            Data = c.Data with { Paths = images.Count > 0 ? images : c.Data.Paths, TrainCount = args.Int("--count", min: 10) ?? c.Data.TrainCount, PatchSize = args.Int("--patch-size", min: 2) ?? c.Data.PatchSize },
            Pipeline = ApplyLayers(c.Pipeline, args),
        };
    }
}
