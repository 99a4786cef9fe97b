namespace TorchAe.Reporting.Html;

/// <summary>A row of the report's summary table.</summary>
/// <param name="Reference">A figure to compare <paramref name="Value"/> with (e.g. "≈ 97% (lecture)"), or null.</param>
public sealed record ReportSummaryItem(string Key, string Value, string? Reference = null);
