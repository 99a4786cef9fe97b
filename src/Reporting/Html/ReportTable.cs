namespace TorchAe.Reporting.Html;

/// <summary>A table of text for the report: a header and rows of the same width; each row's first cell names it.</summary>
/// <param name="MatrixSize">K when rows 1..K and columns 2..K + 1 form a square matrix (a confusion matrix) whose
/// diagonal the report shades; 0 for none.</param>
public sealed record ReportTable(IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows, string? Caption = null, int MatrixSize = 0);
