using CsvHelper;
using TorchAe.IO;
using TorchAe.Training;

namespace TorchAe.Reporting.Csv;

/// <summary>The format of <c>metrics.csv</c>: one row per epoch (or L-BFGS iteration) of every stage, in the columns of
/// <see cref="Columns"/>; null metrics are empty cells. <see cref="MetricsCsvSink"/> writes it while training runs.</summary>
public static class MetricsCsv
{
    /// <summary>The run folder's file name, <c>metrics.csv</c>.</summary>
    public const string FileName = "metrics.csv";

    /// <summary>The header, in order (a contract: columns are only ever added at the end).</summary>
    public static IReadOnlyList<string> Columns { get; } =
    [
        "stage", "layer", "epoch", "loss", "reconstruction", "weight_decay", "sparsity", "rho_hat_mean", "rho_hat_min",
        "rho_hat_max", "train_accuracy", "validation_accuracy", "learning_rate", "grad_norm", "seconds", "evaluations",
        "contraction",
    ];

    /// <summary>Writes <paramref name="rows"/> (header first) to <paramref name="path"/> atomically.</summary>
    public static void Write(string path, IEnumerable<EpochMetrics> rows) => AtomicFile.Write(path, stream =>
    {
        using var csv = CsvWriter.Create(stream, CsvFormat.Writer, leaveOpen: true);
        csv.WriteRecords(rows.Select(MetricsRow.From));
    });

    /// <summary>Reads every row of a <c>metrics.csv</c>. Throws <see cref="InvalidDataException"/> when the header is not
    /// exactly <see cref="Columns"/>, and <see cref="CsvFormatException"/> for a cell that does not parse.</summary>
    public static IReadOnlyList<EpochMetrics> Read(string path)
    {
        using var stream = File.OpenRead(path);
        return Read(stream, path);
    }

    internal static List<EpochMetrics> Read(Stream stream, string path)
    {
        // A file written before the contraction column (the columns less the last) reads with that column empty.
        using var reader = new StreamReader(stream, leaveOpen: true);
        var text = reader.ReadToEnd();
        if (text.Split('\n', 2)[0] == string.Join(",", Columns.SkipLast(1)))
            text = string.Join("\n", text.Split('\n').Select((line, i) => i == 0 ? string.Join(",", Columns) : line.Length == 0 ? line : line + ","));
        using var memory = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text));
        using var csv = CsvReader.Create(memory, CsvFormat.Reader, leaveOpen: true);
        CsvFormat.RequireHeader(csv, Columns, path);
        return csv.GetRecords<MetricsRow>().Select(r => r.ToMetrics()).ToList();
    }
}

/// <summary>The CSV shape of <see cref="EpochMetrics"/>; members in column order.</summary>
[CsvRecord]
internal sealed partial record MetricsRow
{
    [CsvColumn("stage")] public string Stage { get; set; } = "";
    [CsvColumn("layer")] public int Layer { get; set; }
    [CsvColumn("epoch")] public int Epoch { get; set; }
    [CsvColumn("loss")] public double Loss { get; set; }
    [CsvColumn("reconstruction")] public double? Reconstruction { get; set; }
    [CsvColumn("weight_decay")] public double? WeightDecay { get; set; }
    [CsvColumn("sparsity")] public double? Sparsity { get; set; }
    [CsvColumn("rho_hat_mean")] public double? RhoHatMean { get; set; }
    [CsvColumn("rho_hat_min")] public double? RhoHatMin { get; set; }
    [CsvColumn("rho_hat_max")] public double? RhoHatMax { get; set; }
    [CsvColumn("train_accuracy")] public double? TrainAccuracy { get; set; }
    [CsvColumn("validation_accuracy")] public double? ValidationAccuracy { get; set; }
    [CsvColumn("learning_rate")] public double? LearningRate { get; set; }
    [CsvColumn("grad_norm")] public double? GradNorm { get; set; }
    [CsvColumn("seconds")] public double Seconds { get; set; }
    [CsvColumn("evaluations")] public int? Evaluations { get; set; }
    [CsvColumn("contraction")] public double? Contraction { get; set; }

    public static MetricsRow From(EpochMetrics m) => new()
    {
        Stage = m.Stage, Layer = m.Layer, Epoch = m.Epoch, Loss = m.Loss, Reconstruction = m.Reconstruction,
        WeightDecay = m.WeightDecay, Sparsity = m.Sparsity, RhoHatMean = m.RhoHatMean, RhoHatMin = m.RhoHatMin,
        RhoHatMax = m.RhoHatMax, TrainAccuracy = m.TrainAccuracy, ValidationAccuracy = m.ValidationAccuracy,
        LearningRate = m.LearningRate, GradNorm = m.GradNorm, Seconds = m.Seconds, Evaluations = m.Evaluations, Contraction = m.Contraction,
    };

    public EpochMetrics ToMetrics() => new()
    {
        Stage = Stage, Layer = Layer, Epoch = Epoch, Loss = Loss, Reconstruction = Reconstruction,
        WeightDecay = WeightDecay, Sparsity = Sparsity, RhoHatMean = RhoHatMean, RhoHatMin = RhoHatMin,
        RhoHatMax = RhoHatMax, TrainAccuracy = TrainAccuracy, ValidationAccuracy = ValidationAccuracy,
        LearningRate = LearningRate, GradNorm = GradNorm, Seconds = Seconds, Evaluations = Evaluations, Contraction = Contraction,
    };
}
