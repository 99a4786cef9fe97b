using CsvHelper;
using TorchAe.IO;
using TorchAe.Losses;
using TorchAe.Training;

namespace TorchAe.Reporting.Csv;

/// <summary>The format of <c>metrics.csv</c>: one row per epoch (or L-BFGS iteration) of every stage, in the columns of
/// <see cref="Columns"/>; null metrics are empty cells. The objective's terms are columns by their names
/// (<see cref="EpochMetrics.Terms"/>): the lecture's three where they always stood, every other term's
/// (<see cref="SparseAutoencoderLossOptions.TermColumns"/>) appended after <c>evaluations</c>. <see cref="MetricsCsvSink"/>
/// writes it while training runs.</summary>
public static class MetricsCsv
{
    /// <summary>The run folder's file name, <c>metrics.csv</c>.</summary>
    public const string FileName = "metrics.csv";

    // The columns before any later term's: the header of every metrics.csv since the first.
    static readonly string[] First =
    [
        "stage", "layer", "epoch", "loss", ReconstructionTerm.Column, WeightDecayTerm.Column, SparsityTerm.Column, "rho_hat_mean",
        "rho_hat_min", "rho_hat_max", "train_accuracy", "validation_accuracy", "learning_rate", "grad_norm", "seconds", "evaluations",
    ];

    /// <summary>The header, in order (a contract: columns are only ever added at the end).</summary>
    public static IReadOnlyList<string> Columns { get; } = [.. First, .. SparseAutoencoderLossOptions.TermColumns.Except(First)];

    static readonly Dictionary<string, int> Index = Columns.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i);

    /// <summary>Writes <paramref name="rows"/> (header first) to <paramref name="path"/> atomically.</summary>
    public static void Write(string path, IEnumerable<EpochMetrics> rows) => AtomicFile.Write(path, stream =>
    {
        using var csv = CsvWriter.Create(stream, CsvFormat.Writer, leaveOpen: true);
        csv.WriteHeader([.. Columns]);
        foreach (var row in rows) WriteRow(csv, row);
    });

    /// <summary>Writes one row's cells in the order of <see cref="Columns"/> and ends the record.</summary>
    internal static void WriteRow(CsvWriter csv, EpochMetrics m)
    {
        foreach (var column in Columns)
            switch (column)
            {
                case "stage": csv.WriteField(m.Stage); break;
                case "layer": csv.WriteField(m.Layer); break;
                case "epoch": csv.WriteField(m.Epoch); break;
                case "loss": csv.WriteField(m.Loss); break;
                case "rho_hat_mean": csv.WriteField(m.RhoHatMean); break;
                case "rho_hat_min": csv.WriteField(m.RhoHatMin); break;
                case "rho_hat_max": csv.WriteField(m.RhoHatMax); break;
                case "train_accuracy": csv.WriteField(m.TrainAccuracy); break;
                case "validation_accuracy": csv.WriteField(m.ValidationAccuracy); break;
                case "learning_rate": csv.WriteField(m.LearningRate); break;
                case "grad_norm": csv.WriteField(m.GradNorm); break;
                case "seconds": csv.WriteField(m.Seconds); break;
                case "evaluations": csv.WriteField(m.Evaluations); break;
                default: csv.WriteField(m.Terms[column]); break;
            }
        csv.EndRecord();
    }

    /// <summary>Reads every row of a <c>metrics.csv</c>. Throws <see cref="InvalidDataException"/> when the header is not
    /// exactly <see cref="Columns"/>, and <see cref="CsvFormatException"/> for a cell that does not parse.</summary>
    public static IReadOnlyList<EpochMetrics> Read(string path)
    {
        using var stream = File.OpenRead(path);
        return Read(stream, path);
    }

    internal static List<EpochMetrics> Read(Stream stream, string path)
    {
        // A file written before later term columns (its header the columns less some of the last, down to evaluations)
        // reads with those columns empty.
        using var reader = new StreamReader(stream, leaveOpen: true);
        var text = reader.ReadToEnd();
        var header = text.Split('\n', 2)[0].Split(',');
        int missing = Columns.Count - header.Length;
        if (missing > 0 && header.Length >= First.Length && header.SequenceEqual(Columns.Take(header.Length)))
            text = string.Join("\n", text.Split('\n').Select((line, i) =>
                i == 0 ? string.Join(",", Columns) : line.Length == 0 ? line : line + new string(',', missing)));
        using var memory = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text));
        using var csv = CsvReader.Create(memory, CsvFormat.Reader, leaveOpen: true);
        CsvFormat.RequireHeader(csv, Columns, path);
        var rows = new List<EpochMetrics>();
        while (csv.Read())
            try
            {
                rows.Add(ReadRow(csv));
            }
            catch (FormatException e)
            {
                // as a CsvRecord type's reader reports a field that does not parse: the record (header counted) and its offset
                throw new CsvFormatException($"{path}: data row {csv.RowNumber}: {e.Message}", csv.RowNumber + 1, csv.ByteOffset, e);
            }
        return rows;
    }

    static EpochMetrics ReadRow(CsvReader csv)
    {
        double? Number(string column) => Optional(csv, Index[column], i => csv.Parse<double>(i));
        return new EpochMetrics
        {
            Stage = csv.GetString(0),
            Layer = csv.Parse<int>(1),
            Epoch = csv.Parse<int>(2),
            Loss = csv.Parse<double>(3),
            Terms = new TermValues(Columns.Where(SparseAutoencoderLossOptions.TermColumns.Contains)
                .Select(c => (c, Number(c))).Where(t => t.Item2 is not null).Select(t => (t.c, t.Item2!.Value))),
            RhoHatMean = Number("rho_hat_mean"),
            RhoHatMin = Number("rho_hat_min"),
            RhoHatMax = Number("rho_hat_max"),
            TrainAccuracy = Number("train_accuracy"),
            ValidationAccuracy = Number("validation_accuracy"),
            LearningRate = Number("learning_rate"),
            GradNorm = Number("grad_norm"),
            Seconds = csv.Parse<double>(Index["seconds"]),
            Evaluations = Optional(csv, Index["evaluations"], i => csv.Parse<int>(i)),
        };
    }

    static T? Optional<T>(CsvReader csv, int index, Func<int, T> parse) where T : struct =>
        csv.GetString(index).Length == 0 ? null : parse(index);
}
