namespace TorchAe.Reporting.Html;

/// <summary>What <see cref="ReportHtml"/> puts into <c>report.html</c>, already formatted as text: the report knows
/// nothing about training, it lays out these pieces. Empty or null pieces are left out.</summary>
public sealed record ReportContent
{
    /// <summary>The page's title and heading.</summary>
    public required string Title { get; init; }
    /// <summary>The command line that produced the run, as typed.</summary>
    public string? CommandLine { get; init; }
    /// <summary>What made the run (command line, device, versions, date), as label → value rows.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Provenance { get; init; } = [];
    /// <summary>The experiment's configuration, pretty-printed JSON (shown as is, in a &lt;pre&gt;).</summary>
    public string? ConfigurationJson { get; init; }
    /// <summary>Key → value rows, with an optional reference figure beside each (e.g. the lecture's accuracy).</summary>
    public IReadOnlyList<ReportSummaryItem> Summary { get; init; } = [];
    /// <summary>Final loss terms of every stage and layer (<see cref="ReportTables.FinalLossTerms"/>).</summary>
    public ReportTable? LossTerms { get; init; }
    /// <summary>What each stage spent: iterations, objective evaluations, seconds (<see cref="ReportTables.Budget"/>).</summary>
    public ReportTable? Budget { get; init; }
    /// <summary>Each pretrained layer's reconstruction on held-out data (<see cref="ReportTables.Layers"/>).</summary>
    public ReportTable? Layers { get; init; }
    /// <summary>The test set's confusion matrix with precision and recall (<see cref="ReportTables.Confusion"/>).</summary>
    public ReportTable? Confusion { get; init; }
    /// <summary>PNG files embedded in order, each with its caption.</summary>
    public IReadOnlyList<ReportFigure> Figures { get; init; } = [];
    /// <summary>Things worth telling the reader (early stops, warnings), one line each.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}
