using CsvHelper;
using TorchAe.IO;
using TorchAe.Reporting.Csv;

namespace TorchAe.Reporting.Sweeps;

/// <summary><c>sweep.csv</c> (one row per finished run: the varied keys, <c>seed</c>, the numeric columns, <c>run</c>)
/// and <c>sweep-summary.csv</c> (one row per combination: the varied keys, <c>n</c>, then for every numeric column
/// <c>_mean</c>, <c>_sd</c> (n − 1), <c>_min</c>, <c>_max</c>, <c>_ci95_low</c>, <c>_ci95_high</c> (Student t));
/// empty cells where there is no value. The seed is an identifier, not a measurement: it is not summarised.</summary>
internal static class SweepCsv
{
    public const string RunsFile = "sweep.csv", SummaryFile = "sweep-summary.csv";
    static readonly string[] Suffixes = ["mean", "sd", "min", "max", "ci95_low", "ci95_high"];

    public static void WriteRuns(string path, SweepTable table) => AtomicFile.Write(path, stream =>
    {
        using var csv = CsvWriter.Create(stream, CsvFormat.Writer, leaveOpen: true);
        csv.WriteHeader([.. table.Keys, "seed", .. table.Columns, "run"]);
        foreach (var row in table.Rows)
        {
            foreach (var v in row.KeyValues) csv.WriteField(v);
            csv.WriteField(row.Seed);
            foreach (var v in row.Values) csv.WriteField(v);
            csv.WriteField(row.Run);
            csv.EndRecord();
        }
    });

    public static void WriteSummary(string path, SweepTable table) => AtomicFile.Write(path, stream =>
    {
        using var csv = CsvWriter.Create(stream, CsvFormat.Writer, leaveOpen: true);
        csv.WriteHeader([.. table.Keys, "n", .. table.Columns.SelectMany(c => Suffixes.Select(s => $"{c}_{s}"))]);
        foreach (var group in table.Groups())
        {
            foreach (var v in group.KeyValues) csv.WriteField(v);
            csv.WriteField(group.N);
            foreach (var s in group.Statistics)
            {
                csv.WriteField(s?.Mean);
                csv.WriteField(s?.Sd);
                csv.WriteField(s?.Min);
                csv.WriteField(s?.Max);
                csv.WriteField(s?.Ci95Low);
                csv.WriteField(s?.Ci95High);
            }
            csv.EndRecord();
        }
    });
}
