using CsvHelper;
using TorchAe.IO;
using TorchAe.Training;

namespace TorchAe.Reporting.Csv;

/// <summary>The format of <c>gradients.csv</c>: <c>stage,layer,epoch,grad_norm_weights,grad_norm_bias</c>, one row per
/// layer (encoders 1..L, the softmax head L + 1) and epoch of every stage that backpropagates through the stack
/// (<see cref="LayerGradientNorm"/>). <see cref="MetricsCsvSink"/> appends to it while training runs.</summary>
public static class GradientsCsv
{
    /// <summary><c>gradients.csv</c>, beside metrics.csv in the run folder.</summary>
    public const string FileName = "gradients.csv";

    /// <summary>The header, exactly: <c>stage,layer,epoch,grad_norm_weights,grad_norm_bias</c>.</summary>
    public static IReadOnlyList<string> Columns { get; } = ["stage", "layer", "epoch", "grad_norm_weights", "grad_norm_bias"];

    /// <summary>Writes <paramref name="rows"/> (header first) to <paramref name="path"/> atomically.</summary>
    public static void Write(string path, IEnumerable<LayerGradientNorm> rows) => AtomicFile.Write(path, stream =>
    {
        using var csv = CsvWriter.Create(stream, CsvFormat.Writer, leaveOpen: true);
        csv.WriteRecords(rows.Select(GradientRow.From));
    });

    /// <summary>Appends <paramref name="rows"/> to <paramref name="path"/> (writing the header first when the file is new)
    /// and hands them to the operating system; <see cref="FlushToDisk"/> takes them to the disk.</summary>
    public static void Append(string path, IEnumerable<LayerGradientNorm> rows)
    {
        bool fresh = !File.Exists(path);
        using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
        using (var csv = CsvWriter.Create(stream, CsvFormat.Writer, leaveOpen: true))
        {
            if (fresh) csv.WriteRecords(rows.Select(GradientRow.From));
            else foreach (var row in rows) csv.WriteRecord(GradientRow.From(row));
        }
    }

    /// <summary>Flushes <paramref name="path"/> to disk, if it exists.</summary>
    public static void FlushToDisk(string path)
    {
        if (!File.Exists(path)) return;
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
        stream.Flush(flushToDisk: true);
    }

    /// <summary>Every complete row (a line cut by a kill does not count). Throws <see cref="InvalidDataException"/> when
    /// the header is not exactly <see cref="Columns"/>.</summary>
    public static IReadOnlyList<LayerGradientNorm> Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        int end = Array.LastIndexOf(bytes, (byte)'\n') + 1;
        using var complete = new MemoryStream(bytes, 0, end, writable: false);
        using var csv = CsvReader.Create(complete, CsvFormat.Reader, leaveOpen: true);
        CsvFormat.RequireHeader(csv, Columns, path);
        return csv.GetRecords<GradientRow>().Select(r => new LayerGradientNorm(r.Stage, r.Layer, r.Epoch, r.GradNormWeights, r.GradNormBias)).ToList();
    }
}

[CsvRecord]
internal sealed partial record GradientRow
{
    [CsvColumn("stage")] public string Stage { get; set; } = "";
    [CsvColumn("layer")] public int Layer { get; set; }
    [CsvColumn("epoch")] public int Epoch { get; set; }
    [CsvColumn("grad_norm_weights")] public double GradNormWeights { get; set; }
    [CsvColumn("grad_norm_bias")] public double GradNormBias { get; set; }

    public static GradientRow From(LayerGradientNorm g) =>
        new() { Stage = g.Stage, Layer = g.Layer, Epoch = g.Epoch, GradNormWeights = g.GradNormWeights, GradNormBias = g.GradNormBias };
}
