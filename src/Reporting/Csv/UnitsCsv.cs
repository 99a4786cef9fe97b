using CsvHelper;
using TorchAe.IO;
using TorchAe.Training;

namespace TorchAe.Reporting.Csv;

/// <summary>The format of <c>units-layer{L}.csv</c>: <c>unit,rho_hat,weight_norm</c>, one row per hidden unit of
/// pretraining layer L, <c>unit</c> 1-based (row j − 1 of the layer's W1), as the lecture numbers units.</summary>
public static class UnitsCsv
{
    /// <summary>The header, in order: <c>unit,rho_hat,weight_norm</c>.</summary>
    public static IReadOnlyList<string> Columns { get; } = ["unit", "rho_hat", "weight_norm"];

    /// <summary>The run folder's file name for layer L: <c>units-layer{L}.csv</c>.</summary>
    public static string FileName(int layer) => $"units-layer{layer}.csv";

    /// <summary>Writes the units atomically. They must be numbered 1, 2, …, H in order.</summary>
    public static void Write(string path, IReadOnlyList<UnitStatistics> units)
    {
        for (int i = 0; i < units.Count; i++)
            if (units[i].Unit != i + 1)
                throw new ArgumentException($"units must be numbered 1..{units.Count} in order (1-based); position {i} holds unit {units[i].Unit}", nameof(units));
        AtomicFile.Write(path, stream =>
        {
            using var csv = CsvWriter.Create(stream, CsvFormat.Writer, leaveOpen: true);
            csv.WriteRecords(units.Select(u => new UnitRow { Unit = u.Unit, RhoHat = u.RhoHat, WeightNorm = u.WeightNorm }));
        });
    }

    /// <summary>Reads a file <see cref="Write"/> wrote, units in file order.</summary>
    public static IReadOnlyList<UnitStatistics> Read(string path)
    {
        using var csv = CsvReader.Create(File.OpenRead(path), CsvFormat.Reader, leaveOpen: false);
        CsvFormat.RequireHeader(csv, Columns, path);
        return csv.GetRecords<UnitRow>().Select(r => new UnitStatistics(r.Unit, r.RhoHat, r.WeightNorm)).ToList();
    }
}

[CsvRecord]
internal sealed partial record UnitRow
{
    [CsvColumn("unit")] public int Unit { get; set; }
    [CsvColumn("rho_hat")] public double RhoHat { get; set; }
    [CsvColumn("weight_norm")] public double WeightNorm { get; set; }
}
