using CsvHelper;
using TorchAe.IO;
using TorchAe.Reporting.Csv;

namespace TorchAe.Benchmarks;

/// <summary>Writes <c>bench.csv</c>: <c>workload,source,dtype,batch,median_ms,p90_ms,samples_per_s,gflops,efficiency,rss_mb,page_faults_per_step</c>,
/// one row per workload × gradient source × dtype × batch size.</summary>
internal static class BenchmarkCsv
{
    public const string FileName = "bench.csv";

    public const string Header = "workload,source,dtype,batch,median_ms,p90_ms,samples_per_s,gflops,efficiency,rss_mb,page_faults_per_step";

    public static void Write(string path, IEnumerable<BenchmarkRow> rows) => AtomicFile.Write(path, stream =>
    {
        using var csv = CsvWriter.Create(stream, CsvFormat.Writer, leaveOpen: true);
        csv.WriteRecords(rows.Select(r => new BenchmarkCsvRow
        {
            Workload = r.Workload, Source = r.SourceName, Dtype = r.DtypeName, Batch = r.Batch,
            MedianMs = Round(r.MedianMs, 4), P90Ms = Round(r.P90Ms, 4), SamplesPerSecond = Round(r.SamplesPerSecond, 1),
            Gflops = Round(r.Gflops, 3), Efficiency = Round(r.Efficiency, 4), RssMb = Round(r.RssMb, 1),
            PageFaultsPerStep = Round(r.PageFaultsPerStep, 1),
        }));
    });

    /// <summary>To <paramref name="digits"/> decimals, but never fewer than four significant digits: a slow step's
    /// GFLOP/s (0.0004 for the head at 265 ms) stays a number and does not round to 0.</summary>
    static double Round(double value, int digits)
    {
        if (value == 0 || !double.IsFinite(value)) return value;
        int significant = 3 - (int)Math.Floor(Math.Log10(Math.Abs(value)));
        return Math.Round(value, Math.Clamp(Math.Max(digits, significant), 0, 15), MidpointRounding.AwayFromZero);
    }
}

[CsvRecord]
internal sealed partial record BenchmarkCsvRow
{
    [CsvColumn("workload")] public string Workload { get; set; } = "";
    [CsvColumn("source")] public string Source { get; set; } = "";
    [CsvColumn("dtype")] public string Dtype { get; set; } = "";
    [CsvColumn("batch")] public int Batch { get; set; }
    [CsvColumn("median_ms")] public double MedianMs { get; set; }
    [CsvColumn("p90_ms")] public double P90Ms { get; set; }
    [CsvColumn("samples_per_s")] public double SamplesPerSecond { get; set; }
    [CsvColumn("gflops")] public double Gflops { get; set; }
    [CsvColumn("efficiency")] public double Efficiency { get; set; }
    [CsvColumn("rss_mb")] public double RssMb { get; set; }
    [CsvColumn("page_faults_per_step")] public double PageFaultsPerStep { get; set; }
}
