using CsvHelper;
using TorchAe.IO;
using TorchAe.Reporting.Csv;

namespace TorchAe.Benchmarks;

/// <summary>Writes <c>account.csv</c> (<c>torchae bench --account</c>): one row per line of an evaluation's account
/// (<see cref="AccountRow"/>) for every batch size, gradient source and thread count measured.</summary>
internal static class AccountCsv
{
    public const string FileName = "account.csv";

    public const string Header = "rows,threads,source,kind,item,shape,gflop,mb,allocations,allocated_mb,median_ms,rate,page_faults,wakeups,other_busy_ms,wait_ms";

    public static void Write(string path, IEnumerable<AccountRow> rows) => AtomicFile.Write(path, stream =>
    {
        using var csv = CsvWriter.Create(stream, CsvFormat.Writer, leaveOpen: true);
        csv.WriteRecords(rows.Select(r => new AccountCsvRow
        {
            Rows = r.Rows, Threads = r.Threads, Source = r.Source, Kind = r.Kind, Item = r.Item, Shape = r.Shape,
            Gflop = Round(r.Flops / 1e9, 4), Mb = Round(r.Bytes / 1e6, 3), Allocations = r.Allocations,
            AllocatedMb = r.AllocatedBytes is { } b ? Round(b / 1e6, 3) : null, MedianMs = Round(r.MedianMs, 4),
            Rate = double.IsNaN(r.Rate) ? null : Round(r.Rate, 2), PageFaults = Rounded(r.PageFaults, 1), WakeUps = Rounded(r.WakeUps, 1),
            OtherBusyMs = Rounded(r.OtherBusyMs, 3), WaitMs = Rounded(r.WaitMs, 3),
        }));
    });

    static double Round(double value, int digits) => Math.Round(value, digits, MidpointRounding.AwayFromZero);
    static double? Rounded(double? value, int digits) => value is { } v ? Round(v, digits) : null;
}

[CsvRecord]
internal sealed partial record AccountCsvRow
{
    [CsvColumn("rows")] public int Rows { get; set; }
    [CsvColumn("threads")] public int Threads { get; set; }
    [CsvColumn("source")] public string Source { get; set; } = "";
    [CsvColumn("kind")] public string Kind { get; set; } = "";
    [CsvColumn("item")] public string Item { get; set; } = "";
    [CsvColumn("shape")] public string Shape { get; set; } = "";
    [CsvColumn("gflop")] public double Gflop { get; set; }
    [CsvColumn("mb")] public double Mb { get; set; }
    [CsvColumn("allocations")] public long? Allocations { get; set; }
    [CsvColumn("allocated_mb")] public double? AllocatedMb { get; set; }
    [CsvColumn("median_ms")] public double MedianMs { get; set; }
    [CsvColumn("rate")] public double? Rate { get; set; }
    [CsvColumn("page_faults")] public double? PageFaults { get; set; }
    [CsvColumn("wakeups")] public double? WakeUps { get; set; }
    [CsvColumn("other_busy_ms")] public double? OtherBusyMs { get; set; }
    [CsvColumn("wait_ms")] public double? WaitMs { get; set; }
}
