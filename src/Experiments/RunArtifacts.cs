using System.Diagnostics;
using System.Text.Json;
using TorchAe.Data;
using TorchAe.Interop;
using TorchAe.Reporting.Classification;
using TorchAe.Reporting.Csv;
using TorchAe.Reporting.Html;
using TorchAe.Reporting.Mosaics;
using TorchAe.Reporting.Plots;
using TorchAe.Reporting.Summary;
using TorchAe.Reporting.TensorBoard;
using TorchAe.Training;
using TorchAe.Training.Experiment;
using static TorchSharp.torch;

namespace TorchAe.Experiments;

/// <summary>Everything a finished run leaves in its folder besides metrics.csv and the checkpoint: the model archive,
/// weight mosaics, reconstructions, plots, confusion.csv, report.html — and summary.json, last.</summary>
internal sealed class RunArtifacts(RunDirectory run, ExperimentConfig config, ExperimentData data, PipelineResult result,
    IReadOnlyList<RhoComparison.Result> comparisons, IReadOnlyList<string> notes, TensorBoardSink? tensorboard = null)
{
    readonly List<ReportFigure> figures = new();
    readonly List<string> images = new();   // the mosaics, for TensorBoard

    /// <summary>Tiles drawn at least ~60 px wide, so a 30×30 unit is readable in the report.</summary>
    int Upscale => Math.Max(1, 64 / Math.Max(data.Train.Width, data.Train.Height));
    MosaicOptions WeightTiles => new() { Scaling = MosaicScaling.PerTile, Scale = Upscale };

    public RunSummary Write(Stopwatch clock)
    {
        var metrics = MetricsCsv.Read(run.File(MetricsCsv.FileName));
        if (result.Stack is { } stack)
            StackArchive.Save(run.Path, new TrainedModel(stack, data.Train.ClassNames)
            {
                Autoencoders = result.Autoencoders,   // as pretraining left them: the stack fine-tuned copies of their encoders
                InputShape = data.Train.IsImage ? [data.Train.Height, data.Train.Width] : [],
                Objectives = config.Pipeline.Layers.Select(l => l.Loss.Objective).ToList(),
                Scaler = data.Scaler,
            });

        if (data.Train.IsImage && result.Autoencoders.Count > 0)
        {
            for (int l = 0; l < result.Autoencoders.Count; l++) WeightMosaic(l);
            Reconstructions();
        }
        LossPlot.Write(run.File(LossPlot.FileName), metrics);
        figures.Add(new("Loss of every stage per epoch (L-BFGS: per iteration), log scale", run.File(LossPlot.FileName)));
        if (result.Stack is not null)
        {
            AccuracyPlot.Write(run.File(AccuracyPlot.FileName), metrics, result.AccuracyBeforeFineTune, result.AccuracyAfterFineTune);
            figures.Add(new(AccuracyPlot.Caption(metrics, result.AccuracyBeforeFineTune, result.AccuracyAfterFineTune), run.File(AccuracyPlot.FileName)));
        }
        GradientNorms();
        for (int l = 0; l < result.Units.Count; l++)
        {
            var path = run.File(RhoHatPlot.FileName(l + 1));
            RhoHatPlot.Write(path, l + 1, result.Units[l], config.Pipeline.Layers[l].Loss.TargetActivation);
            figures.Add(new($"Average activation ρ̂ of layer {l + 1}'s hidden units against the target ρ", path));
        }
        Comparisons();

        ClassificationReport? classes = null;
        if (result.Confusion is { } confusion)
        {
            ConfusionCsv.Write(run.File(ConfusionCsv.FileName), confusion, data.Train.ClassNames);
            classes = ClassificationReport.FromConfusion(confusion, data.Train.ClassNames);
        }
        var summary = new RunSummary
        {
            Init = Init,
            AccuracyBeforeFinetune = result.AccuracyBeforeFineTune,
            AccuracyAfterFinetune = result.AccuracyAfterFineTune,
            TestSamples = (int)result.TestSamples,
            SecondsTotal = clock.Elapsed.TotalSeconds,
            Layers = LayerSummary.FromMetrics(metrics, result.Stages, result.LayerTestRmse),
            Classes = classes?.Classes ?? [],
            Reference = References(),
            Stages = result.Stages,
            ValidationAccuracyAfterFinetune = result.ValidationAccuracy,
        };
        ReportHtml.Write(run.File("report.html"), new ReportContent
        {
            Title = $"TorchAe — {config.Name}",
            CommandLine = config.Provenance is null ? config.CommandLine : null,   // else the provenance table shows it
            Provenance = config.Provenance is { } p
                ?
                [
                    new("command line", p.CommandLine), new("device", p.DeviceUsed), new("TorchAe", $"{p.TorchaeVersion} (commit {p.Commit})"),
                    new("TorchSharp", p.TorchsharpVersion), new("libtorch", p.LibtorchVersion), new("started (UTC)", p.DateUtc),
                    new("threads", config.Threads.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                ]
                : [],
            ConfigurationJson = File.ReadAllText(run.File(RunDirectory.ConfigFile)),
            Summary = SummaryItems(summary),
            Budget = ReportTables.Budget(result.Stages, Init),
            LossTerms = ReportTables.FinalLossTerms(metrics),
            Layers = summary.Layers.Count > 0 ? ReportTables.Layers(summary.Layers) : null,
            Confusion = result.Confusion is { } c ? ReportTables.Confusion(c, data.Train.ClassNames) : null,
            Figures = figures,
            Notes = [.. InitNotes(), .. notes],
        });
        if (tensorboard is not null)
        {
            tensorboard.Weights(result.Autoencoders, result.Stack, metrics.Count == 0 ? null : TensorBoardSink.StageTag(metrics[^1].Stage, metrics[^1].Layer));
            foreach (var image in images) tensorboard.Image(image);
        }
        var final = summary with { SecondsTotal = clock.Elapsed.TotalSeconds };
        SummaryJson.Write(run.File(SummaryJson.FileName), final);   // last: its presence marks a complete run
        return final;
    }

    string Init => JsonNamingPolicy.SnakeCaseLower.ConvertName(config.Pipeline.Init.ToString());

    IEnumerable<string> InitNotes()
    {
        if (config.Pipeline.Init != Initialization.Random) yield break;
        yield return "Random initialisation: the stack was trained end to end from its initial weights, without pretraining. "
            + "There is no accuracy before fine-tuning (no pretrained stack exists), and no autoencoder was trained, so there "
            + "are no test reconstruction errors, weight mosaics of pretrained layers or ρ̂ histograms.";
    }

    /// <summary>gradient-norms.png from gradients.csv, when a stage backpropagated through the stack.</summary>
    void GradientNorms()
    {
        var path = run.File(GradientsCsv.FileName);
        if (!File.Exists(path)) return;
        var rows = GradientsCsv.Read(path);
        int layers = config.Pipeline.Layers.Count;
        GradientNormsPlot.Write(run.File(GradientNormsPlot.FileName), rows,
            $"Gradient norm per layer, {Init} initialisation ({string.Join("-", config.Pipeline.Layers.Select(l => l.Hidden))})");
        figures.Add(new($"Norm of the gradient of each layer's weights per epoch of fine-tuning, log scale (encoders 1..{layers}, "
            + $"softmax head {layers + 1}; gradients.csv also holds the norms for the biases). Smaller norms in the lower layers are the vanishing gradient of the lecture.",
            run.File(GradientNormsPlot.FileName)));
    }

    /// <summary>One tile per hidden unit: its input weights as an image (layer 1), or for deeper layers the product
    /// W_L ⋯ W_1, the unit's linear projection onto the input (UFLDL display_network normalisation per tile).</summary>
    void WeightMosaic(int layer)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var projection = result.Autoencoders[0].Encoder.weight.detach();
        for (int l = 1; l <= layer; l++) projection = result.Autoencoders[l].Encoder.weight.detach().mm(projection);
        var tiles = Rows(projection);
        var path = run.File($"weights-layer{layer + 1}.png");
        ImageMosaic.Write(path, tiles, data.Train.Width, data.Train.Height, WeightTiles);
        images.Add(path);
        figures.Add(new(layer == 0
            ? $"Hidden layer weights: one tile per unit of layer 1 ({tiles.Count}), its input weights as an image"
            : $"Layer {layer + 1}'s units projected onto the input (W{layer + 1}·…·W1), one tile per unit", path));
    }

    void Reconstructions()
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var set = data.Test ?? data.Train;
        int n = Math.Min(10, set.Count);
        var ae = result.Autoencoders[0];
        var inputs = set.Subset(Enumerable.Range(0, n).ToList()).FeaturesTensor(ae.Encoder.weight.dtype, ae.Encoder.weight.device);
        var (_, z) = ae.call(inputs);
        var tiles = Rows(inputs).Concat(Rows(z)).ToList();
        var path = run.File("reconstructions.png");
        ImageMosaic.Write(path, tiles, data.Train.Width, data.Train.Height, new MosaicOptions { Columns = n, Scaling = MosaicScaling.FixedRange, Scale = Upscale });
        images.Add(path);
        figures.Add(new("Test inputs (top row) above their reconstructions by the first autoencoder (bottom row)", path));
    }

    void Comparisons()
    {
        if (comparisons.Count == 0) return;
        foreach (var c in comparisons)
        {
            if (!data.Train.IsImage) break;
            using var scope = NewDisposeScope();
            var path = run.File($"weights-layer1-rho{c.Rho.ToString(System.Globalization.CultureInfo.InvariantCulture)}.png");
            ImageMosaic.Write(path, Rows(c.Model.Encoder.weight.detach()), data.Train.Width, data.Train.Height, WeightTiles);
            images.Add(path);
            figures.Add(new($"Layer 1 weights trained with ρ = {c.Rho} (mean ρ̂ {c.Units.Average(u => u.RhoHat):F3})", path));
        }
        var compare = run.File(RhoHatPlot.ComparisonFileName);
        RhoHatPlot.WriteComparison(compare, comparisons.Select(c => new RhoHatSeries($"ρ = {c.Rho}", c.Units.Select(u => u.RhoHat).ToList(), c.Rho)).ToList());
        figures.Add(new("ρ̂ of layer 1's units for each target ρ", compare));
    }

    static List<float[]> Rows(Tensor matrix)
    {
        var m = matrix.to(ScalarType.Float32).cpu().contiguous();
        long rows = m.shape[0], cols = m.shape[1];
        var all = m.data<float>().ToArray();
        return Enumerable.Range(0, (int)rows).Select(r => all.AsSpan((int)(r * cols), (int)cols).ToArray()).ToList();
    }

    /// <summary>The half-width of the binomial 95 % interval of an error rate <paramref name="p"/> over <paramref name="n"/>
    /// samples: 1.96·√(p(1 − p)/n), as Vincent et al. 2010 give theirs.</summary>
    static double Ci95(double p, int n) => n > 0 ? 1.96 * Math.Sqrt(p * (1 - p) / n) : double.NaN;

    /// <summary>The published figures a run is compared with: Vincent et al. 2010's Table 3 (MNIST test error of SdA-3 and
    /// SAA-3, with their 95 % intervals) and the Theano tutorial's for the <c>sda</c> preset, UFLDL's for other MNIST runs.</summary>
    Dictionary<string, double> References() => Sda
        ? new()
        {
            ["vincent2010_sda3_test_error"] = 0.0128, ["vincent2010_sda3_ci95"] = 0.0022,
            ["vincent2010_saa3_test_error"] = 0.0140, ["vincent2010_saa3_ci95"] = 0.0023,
            ["theano_tutorial_test_error"] = 0.013, ["theano_tutorial_validation_error"] = 0.0139,
        }
        : config.Data.Source == DataSource.Mnist
        ? new() { ["ufldl_accuracy_before_finetune"] = 0.877, ["ufldl_accuracy_after_finetune"] = 0.976 }
        : new();

    bool Sda => config.Name == "sda" && config.Data.Source == DataSource.Mnist;

    List<ReportSummaryItem> SummaryItems(RunSummary s)
    {
        var items = new List<ReportSummaryItem>
        {
            new("training samples", data.Train.Count.ToString()),
            new("test samples", s.TestSamples.ToString()),
            new("feature scaling", $"{data.Scaler} (data.scale {Options.EnumText.Name(config.Data.Scale)}, fitted on the training split)"),
            new("seconds in all", s.SecondsTotal.ToString("F1")),
        };
        bool ufldl = config.Data.Source == DataSource.Mnist && !Sda;
        if (s.AccuracyBeforeFinetune is { } b) items.Add(new("test accuracy before fine-tuning", ReportTables.Percent(b), ufldl ? "UFLDL 87.7%" : null));
        if (s.AccuracyAfterFinetune is { } a) items.Add(new("test accuracy after fine-tuning", ReportTables.Percent(a), ufldl ? "UFLDL 97.6%" : null));
        if (s.AccuracyAfterFinetune is { } e && Sda)
            items.Add(new("test error after fine-tuning", $"{ReportTables.Percent(1 - e)} ± {ReportTables.Percent(Ci95(1 - e, s.TestSamples))}",
                "Vincent et al. 2010: SdA-3 1.28 ± 0.22%, SAA-3 1.40 ± 0.23%; Theano tutorial 1.3%"));
        if (s.ValidationAccuracyAfterFinetune is { } v)
            items.Add(new("validation error after fine-tuning", ReportTables.Percent(1 - v), Sda ? "Theano tutorial 1.39%" : null));
        items.Add(new("peak resident memory", $"{s.Stages.Select(t => t.PeakRssBytes).DefaultIfEmpty(0).Max() / (1024.0 * 1024 * 1024):F2} GiB"));
        return items;
    }
}
