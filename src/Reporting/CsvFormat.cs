using CsvHelper;

namespace TorchAe.Reporting;

/// <summary>The CSV dialect of every file TorchAe writes: RFC 4180 with LF line ends, invariant culture, header first,
/// true/false booleans.</summary>
public static class CsvFormat
{
    public static CsvWriterOptions Writer { get; } = new() { NewLine = "\n", TrueValue = "true", FalseValue = "false" };
}
