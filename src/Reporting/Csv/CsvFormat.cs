using CsvHelper;

namespace TorchAe.Reporting.Csv;

/// <summary>The CSV dialect of every file TorchAe writes: RFC 4180 with LF line ends, invariant culture, header first,
/// true/false booleans, empty cells for nulls, doubles as the shortest text that round-trips (what "R" gives).</summary>
internal static class CsvFormat
{
    public static CsvWriterOptions Writer { get; } = new() { NewLine = "\n", TrueValue = "true", FalseValue = "false" };

    /// <summary>Reads what <see cref="Writer"/> wrote: comma separated (never guessed from the input), header first.</summary>
    public static CsvReaderOptions Reader { get; } = new() { Separator = ',', DetectSeparatorHint = false, HasHeader = true };

    /// <summary>Reads the header of <paramref name="csv"/> and throws unless it is exactly <paramref name="columns"/>.</summary>
    internal static void RequireHeader(CsvReader csv, IReadOnlyList<string> columns, string path)
    {
        var header = csv.Headers;
        if (!header.SequenceEqual(columns))
            throw new InvalidDataException($"{path}: expected the columns {string.Join(",", columns)}, got {string.Join(",", header)}");
    }
}
