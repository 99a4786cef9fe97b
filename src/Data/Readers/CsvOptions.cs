using TorchAe.Options;

namespace TorchAe.Data.Readers;

/// <summary>How <see cref="CsvDatasetReader"/> reads a table.</summary>
public sealed record CsvOptions
{
    /// <summary>true: the first line names the columns; false: it is data; null (default): a header exactly when none
    /// of the first line's cells is a number. A label column given by name needs a header.</summary>
    public bool? HasHeader { get; init; }

    /// <summary>The label column: a header name, a 1-based column number, or a negative number counting from the end
    /// (−1 = last). null (default) = the last column.</summary>
    public string? LabelColumn { get; init => field = value is null || value.Trim().Length > 0 ? value?.Trim() : throw new OptionException("label-column", value, "a column name or number"); }

    /// <summary>The cell separator. Default ','.</summary>
    public char Delimiter { get; init => field = value is '"' or '\n' or '\r' ? throw new OptionException("delimiter", value.ToString(), "a character other than a quote or line break") : value; } = ',';
}
