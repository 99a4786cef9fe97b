using CsvHelper;
using TorchAe.Training;

namespace TorchAe.Reporting.Csv;

/// <summary>Records training in a run folder: appends a row to <c>metrics.csv</c> for every <see cref="Epoch"/> and hands
/// it to the operating system at once (a killed process loses at most the row being written), flushes the rows to disk
/// before every checkpoint (<see cref="CheckpointPending"/>) and when it closes, and writes
/// <c>units-layer{L}.csv</c> atomically when a pretraining layer completes, and appends the per-layer gradient norms of
/// stages that backpropagate through the stack to <c>gradients.csv</c>. Not the owner of anything but its file;
/// dispose it when the run ends.</summary>
public sealed class MetricsCsvSink : IMetricsSink, IDisposable
{
    private readonly string directory;
    private readonly FileStream stream;
    private readonly CsvWriter csv;
    private readonly Lock gate = new();
    private bool closed;

    private MetricsCsvSink(string directory)
    {
        this.directory = directory;
        MetricsPath = Path.Combine(directory, MetricsCsv.FileName);
        stream = new FileStream(MetricsPath, FileMode.Append, FileAccess.Write, FileShare.Read);
        csv = CsvWriter.Create(stream, CsvFormat.Writer, leaveOpen: true);
    }

    /// <summary>The <c>metrics.csv</c> being written.</summary>
    public string MetricsPath { get; }

    /// <summary>Starts a new <c>metrics.csv</c> (header only) in <paramref name="directory"/>, replacing one that is there.</summary>
    public static MetricsCsvSink Create(string directory)
    {
        MetricsCsv.Write(Path.Combine(directory, MetricsCsv.FileName), []);
        File.Delete(Path.Combine(directory, GradientsCsv.FileName));   // appended to: a replaced run's rows must go
        return new MetricsCsvSink(directory);
    }

    /// <summary>Continues the <c>metrics.csv</c> of an interrupted run: keeps its first <paramref name="keepRows"/> data
    /// rows (as many as the checkpoint the run resumes from has seen), rewrites the file atomically with only those, and
    /// appends after them. An unterminated last line (a row cut by a kill) does not count. Throws
    /// <see cref="InvalidDataException"/> when the file has fewer complete rows, or other columns.</summary>
    public static MetricsCsvSink Resume(string directory, int keepRows)
    {
        CheckResume(directory, keepRows);
        var path = Path.Combine(directory, MetricsCsv.FileName);
        if (!File.Exists(path)) return Create(directory);
        var rows = ReadCompleteRows(path);
        MetricsCsv.Write(path, rows.Take(keepRows));
        // gradients.csv keeps the rows of the epochs metrics.csv keeps (one backpropagating stage per run: stage and epoch name it).
        var gradients = Path.Combine(directory, GradientsCsv.FileName);
        if (File.Exists(gradients))
        {
            var kept = rows.Take(keepRows).Select(r => (r.Stage, r.Epoch)).ToHashSet();
            GradientsCsv.Write(gradients, GradientsCsv.Read(gradients).Where(g => kept.Contains((g.Stage, g.Epoch))).ToList());
        }
        return new MetricsCsvSink(directory);
    }

    /// <summary>Checks, reading only, that <see cref="Resume"/> can keep <paramref name="keepRows"/> rows of the
    /// <c>metrics.csv</c> in <paramref name="directory"/>, and, given the <paramref name="stages"/> a checkpoint counts (each
    /// stage's name, layer and epochs, in order), that those rows are exactly theirs: epochs 1 … E of each stage in turn.
    /// Throws <see cref="InvalidDataException"/> naming the file, the row and what the checkpoint expects.</summary>
    public static void CheckResume(string directory, int keepRows, IReadOnlyList<(string Stage, int Layer, int Epochs)>? stages = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(keepRows);
        var path = Path.Combine(directory, MetricsCsv.FileName);
        if (!File.Exists(path))
        {
            if (keepRows == 0) return;
            throw new InvalidDataException($"{path} is missing; resuming needs its first {keepRows} rows");
        }
        var rows = ReadCompleteRows(path);
        if (rows.Count < keepRows)
            throw new InvalidDataException($"{path} has {rows.Count} complete rows; resuming needs its first {keepRows}");
        if (stages is null) return;
        var expected = stages.SelectMany(s => Enumerable.Range(1, s.Epochs).Select(e => (s.Stage, s.Layer, Epoch: e))).ToList();
        if (expected.Count != keepRows)
            throw new InvalidDataException($"{path}: the checkpoint counts {keepRows} rows but its stages {expected.Count} epochs");
        for (int i = 0; i < keepRows; i++)
            if ((rows[i].Stage, rows[i].Layer, rows[i].Epoch) != expected[i])
                throw new InvalidDataException($"{path}: row {i + 1} is {rows[i].Stage} layer {rows[i].Layer} epoch {rows[i].Epoch}, the checkpoint expects {expected[i].Stage} layer {expected[i].Layer} epoch {expected[i].Epoch}");
    }

    /// <summary>Appends the epoch's row to metrics.csv and hands it to the operating system, so a killed run keeps every
    /// finished epoch. Not to the disk: an fsync per epoch costs a share of a small L-BFGS iteration (docs/benchmarks.md,
    /// "What helped"); <see cref="CheckpointPending"/> does that before each checkpoint.</summary>
    public void Epoch(EpochMetrics metrics)
    {
        lock (gate)
        {
            MetricsCsv.WriteRow(csv, metrics);
            csv.Flush();
            stream.Flush();
        }
    }

    /// <summary>Flushes metrics.csv and gradients.csv to disk: a checkpoint must not count rows a power cut could take.</summary>
    public void CheckpointPending()
    {
        lock (gate)
        {
            stream.Flush(flushToDisk: true);
            GradientsCsv.FlushToDisk(Path.Combine(directory, GradientsCsv.FileName));
        }
    }

    /// <summary>Writes <c>units-layer{layer}.csv</c> beside <c>metrics.csv</c> (see <see cref="UnitsCsv"/>).</summary>
    public void LayerCompleted(int layer, IReadOnlyList<UnitStatistics> units) =>
        UnitsCsv.Write(Path.Combine(directory, UnitsCsv.FileName(layer)), units);

    /// <summary>Appends the epoch's rows to <c>gradients.csv</c> (see <see cref="GradientsCsv"/>).</summary>
    public void GradientNorms(IReadOnlyList<LayerGradientNorm> layers)
    {
        lock (gate) GradientsCsv.Append(Path.Combine(directory, GradientsCsv.FileName), layers);
    }

    /// <summary>Flushes metrics.csv to disk and closes it; a second call does nothing.</summary>
    public void Dispose()
    {
        lock (gate)
        {
            if (closed) return;
            closed = true;
            csv.Flush();
            stream.Flush(flushToDisk: true);
            csv.Dispose();
            stream.Dispose();
        }
    }

    private static List<EpochMetrics> ReadCompleteRows(string path)
    {
        var bytes = File.ReadAllBytes(path);
        int end = Array.LastIndexOf(bytes, (byte)'\n') + 1;
        using var complete = new MemoryStream(bytes, 0, end, writable: false);
        return MetricsCsv.Read(complete, path);
    }
}
