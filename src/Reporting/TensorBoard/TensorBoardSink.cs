using TorchAe.Models;
using TorchAe.Reporting.Csv;
using TorchAe.Training;
using static TorchSharp.torch;

namespace TorchAe.Reporting.TensorBoard;

/// <summary>Writes training as TensorBoard event files (<c>events.out.tfevents.*</c>) into a run folder through
/// TorchSharp's <c>torch.utils.tensorboard.SummaryWriter</c>: every metrics.csv scalar of every stage, each pretrained
/// layer's ρ̂ histogram, the per-layer gradient norms (live, as training reports them), and when the run ends the
/// weight histograms and the weight mosaics and reconstructions as images. Tags are <c>{stage}/{metrics.csv column}</c>
/// with the stage as <see cref="StageTag"/> names it; the step is the epoch within the stage. TensorBoard stores a scalar
/// as a float32, so a tag's values are metrics.csv's rounded to float32. Each event is appended and the file closed at
/// once (SummaryWriter's way), so a killed run keeps every event before the kill.</summary>
public sealed class TensorBoardSink : IMetricsSink
{
    /// <summary>The start of every event file's name, as TensorBoard looks for it.</summary>
    public const string FilePrefix = "events.out.tfevents.";

    readonly TorchSharp.Modules.SummaryWriter writer;
    readonly Dictionary<string, int> lastEpoch = [];
    readonly HashSet<int> histogramLayers = [];
    readonly Lock gate = new();

    TensorBoardSink(string directory) => writer = utils.tensorboard.SummaryWriter(directory);

    /// <summary>Starts an event file in <paramref name="directory"/>, removing event files an earlier run left there.</summary>
    public static TensorBoardSink Create(string directory)
    {
        DeleteEventFiles(directory);
        return new TensorBoardSink(directory);
    }

    /// <summary>Continues the events of an interrupted run: a new event file with the rows of metrics.csv and
    /// gradients.csv as they are now (cut back to what the checkpoint has seen) and the ρ̂ of each units-layer{L}.csv,
    /// replacing the run's earlier event files — which may hold epochs the resumed run repeats.</summary>
    public static TensorBoardSink Resume(string directory)
    {
        var sink = Create(directory);
        var metrics = Path.Combine(directory, MetricsCsv.FileName);
        if (File.Exists(metrics))
            foreach (var row in MetricsCsv.Read(metrics)) sink.Epoch(row);
        var gradients = Path.Combine(directory, GradientsCsv.FileName);
        if (File.Exists(gradients))
            foreach (var epoch in GradientsCsv.Read(gradients).GroupBy(g => (g.Stage, g.Epoch))) sink.GradientNorms([.. epoch]);
        for (int layer = 1; File.Exists(Path.Combine(directory, UnitsCsv.FileName(layer))); layer++)
            sink.LayerCompleted(layer, UnitsCsv.Read(Path.Combine(directory, UnitsCsv.FileName(layer))));
        return sink;
    }

    /// <summary>Whether <paramref name="directory"/> holds event files (a run started with TensorBoard output).</summary>
    public static bool HasEventFiles(string directory) =>
        Directory.Exists(directory) && Directory.EnumerateFiles(directory, FilePrefix + "*").Any();

    /// <summary>The tag prefix of a stage: <c>pretrain-layer{L}</c> for pretraining (one curve per layer), else the stage's name.</summary>
    public static string StageTag(string stage, int layer) => stage == PretrainStage.Id ? $"{PretrainStage.Id}-layer{layer}" : stage;

    /// <summary>One scalar per metrics.csv column that has a value (<c>{stage}/loss</c>, <c>{stage}/rho_hat_mean</c>, …) at step = epoch.</summary>
    public void Epoch(EpochMetrics m)
    {
        var stage = StageTag(m.Stage, m.Layer);
        lock (gate)
        {
            lastEpoch[stage] = m.Epoch;
            foreach (var (column, value) in Scalars(m))
                if (value is { } v) writer.add_scalar($"{stage}/{column}", (float)v, m.Epoch, WallTime());
        }
    }

    /// <summary>The histogram of the layer's ρ̂ (<c>pretrain-layer{L}/rho_hat</c>) at the layer's last epoch; once per layer.</summary>
    public void LayerCompleted(int layer, IReadOnlyList<UnitStatistics> units)
    {
        if (units.Count == 0) return;
        lock (gate)
        {
            if (!histogramLayers.Add(layer)) return;   // a resumed run that repeats the layer's last epochs reports it again
            var stage = StageTag(PretrainStage.Id, layer);
            Histogram($"{stage}/rho_hat", units.Select(u => u.RhoHat).ToArray(), Step(stage));
        }
    }

    /// <summary><c>{stage}/grad_norm_weights/layer{l}</c> and <c>{stage}/grad_norm_bias/layer{l}</c> at step = epoch.</summary>
    public void GradientNorms(IReadOnlyList<LayerGradientNorm> layers)
    {
        lock (gate)
            foreach (var g in layers)
            {
                var stage = StageTag(g.Stage, g.Layer);
                writer.add_scalar($"{stage}/grad_norm_weights/layer{g.Layer}", (float)g.GradNormWeights, g.Epoch, WallTime());
                writer.add_scalar($"{stage}/grad_norm_bias/layer{g.Layer}", (float)g.GradNormBias, g.Epoch, WallTime());
            }
    }

    /// <summary>Histograms of every encoder layer's weights W_l: as pretraining left them
    /// (<c>pretrain-layer{l}/weights</c>, at that layer's last epoch) and as the final stack holds them
    /// (<c>{last stage}/weights/layer{l}</c>, at that stage's last epoch).</summary>
    public void Weights(IReadOnlyList<SparseAutoencoder> pretrained, StackedAutoencoder? stack, string? lastStage)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        lock (gate)
        {
            for (int l = 0; l < pretrained.Count; l++)
            {
                var stage = StageTag(PretrainStage.Id, l + 1);
                Histogram($"{stage}/weights", Values(pretrained[l].Encoder.weight), Step(stage));
            }
            if (stack is null || lastStage is null) return;
            var encoders = stack.Encoders;
            for (int l = 0; l < encoders.Count; l++)
                Histogram($"{lastStage}/weights/layer{l + 1}", Values(encoders[l].weight), Step(lastStage));
        }
    }

    /// <summary>A PNG written in the run folder as an image at step 0, tagged <c>images/{file name without .png}</c>.</summary>
    public void Image(string pngPath)
    {
        lock (gate) writer.add_img($"images/{Path.GetFileNameWithoutExtension(pngPath)}", pngPath, 0, walltime: WallTime());
    }

    // Every term of the stage's objective by its column name (reconstruction, …, contraction), after the loss.
    static IEnumerable<(string Column, double? Value)> Scalars(EpochMetrics m) =>
    [
        ("loss", m.Loss), .. m.Terms.Select(t => (t.Name, (double?)t.Value)),
        ("rho_hat_mean", m.RhoHatMean), ("rho_hat_min", m.RhoHatMin), ("rho_hat_max", m.RhoHatMax),
        ("train_accuracy", m.TrainAccuracy), ("validation_accuracy", m.ValidationAccuracy), ("learning_rate", m.LearningRate),
        ("grad_norm", m.GradNorm), ("seconds", m.Seconds), ("evaluations", m.Evaluations),
    ];

    int Step(string stage) => lastEpoch.GetValueOrDefault(stage);

    void Histogram(string tag, double[] values, int step)
    {
        var finite = values.Where(double.IsFinite).ToArray();
        if (finite.Length == 0) return;
        using var scope = NewDisposeScope();
        writer.add_histogram(tag, tensor(finite), step, walltime: WallTime());
    }

    static double[] Values(Tensor weight) => weight.detach().to(ScalarType.Float64).cpu().contiguous().data<double>().ToArray();

    // Whole seconds since 1970, as TensorBoard reads wall_time (SummaryWriter's default is DateTime ticks).
    static long WallTime() => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    static void DeleteEventFiles(string directory)
    {
        if (!Directory.Exists(directory)) return;
        foreach (var file in Directory.EnumerateFiles(directory, FilePrefix + "*").ToList()) File.Delete(file);
    }
}
