namespace TorchAe.Reporting.Html;

/// <summary>A PNG for the report; <see cref="ReportHtml"/> embeds its bytes, so the path need not survive the report.</summary>
public sealed record ReportFigure(string Caption, string PngPath);
