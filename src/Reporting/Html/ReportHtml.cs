using System.Net;
using System.Text;
using TorchAe.IO;

namespace TorchAe.Reporting.Html;

/// <summary><c>report.html</c>: one self-contained page (inline CSS, PNGs embedded as base64 data URIs, no scripts and no
/// external links) with the title, command line, summary, loss-terms and confusion tables, the figures with captions,
/// and the configuration. Every piece of text is HTML-escaped.</summary>
public static class ReportHtml
{
    /// <summary>The run folder's file name, <c>report.html</c>.</summary>
    public const string FileName = "report.html";

    /// <summary>Writes <see cref="Render"/>'s page to <paramref name="path"/> atomically.</summary>
    public static void Write(string path, ReportContent content) => AtomicFile.WriteText(path, Render(content));

    /// <summary>A page's start up to its <c>&lt;main&gt;</c>: doctype, charset, viewport, the title and the house style
    /// (report.html and sweep.html share it).</summary>
    internal static string Head(string title) => $"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{E(title)}</title>
        <style>{Css}</style>
        </head>
        <body>
        <main>

        """;

    /// <summary>The page as one self-contained HTML string (figures embedded as base64 PNG), with every text HTML-escaped.</summary>
    public static string Render(ReportContent c)
    {
        var html = new StringBuilder(Head(c.Title));
        html.Append($"""
            <h1>{E(c.Title)}</h1>

            """);
        if (!string.IsNullOrWhiteSpace(c.CommandLine))
            html.Append($"<section><h2>Command</h2><pre class=\"command\">{E(c.CommandLine)}</pre></section>\n");
        if (c.Provenance.Count > 0)
        {
            html.Append("<section><h2>Provenance</h2><table class=\"summary\"><tbody>");
            foreach (var (key, value) in c.Provenance)
                html.Append($"<tr><th scope=\"row\">{E(key)}</th><td>{E(value)}</td></tr>");
            html.Append("</tbody></table></section>\n");
        }
        if (c.Summary.Count > 0)
        {
            bool references = c.Summary.Any(s => !string.IsNullOrEmpty(s.Reference));
            html.Append("<section><h2>Summary</h2><table class=\"summary\">");
            html.Append(references ? "<thead><tr><th></th><th>this run</th><th>reference</th></tr></thead>" : "");
            html.Append("<tbody>");
            foreach (var s in c.Summary)
                html.Append($"<tr><th scope=\"row\">{E(s.Key)}</th><td>{E(s.Value)}</td>{(references ? $"<td class=\"reference\">{E(s.Reference ?? "")}</td>" : "")}</tr>");
            html.Append("</tbody></table></section>\n");
        }
        if (c.Notes.Count > 0)
        {
            html.Append("<section><h2>Notes</h2><ul class=\"notes\">");
            foreach (var n in c.Notes) html.Append($"<li>{E(n)}</li>");
            html.Append("</ul></section>\n");
        }
        AppendTable(html, "Training budget", c.Budget);
        AppendTable(html, "Final loss terms", c.LossTerms);
        AppendTable(html, "Autoencoder layers", c.Layers);
        AppendTable(html, "Confusion matrix (test set)", c.Confusion);
        if (c.Figures.Count > 0)
        {
            html.Append("<section><h2>Figures</h2>\n");
            foreach (var f in c.Figures)
            {
                html.Append("<figure>");
                html.Append(File.Exists(f.PngPath)
                    ? $"<img src=\"data:image/png;base64,{Convert.ToBase64String(File.ReadAllBytes(f.PngPath))}\" alt=\"{E(f.Caption)}\">"
                    : $"<p class=\"missing\">figure not found: {E(f.PngPath)}</p>");
                html.Append($"<figcaption>{E(f.Caption)}</figcaption></figure>\n");
            }
            html.Append("</section>\n");
        }
        if (!string.IsNullOrWhiteSpace(c.ConfigurationJson))
            html.Append($"<section><h2>Configuration</h2><pre class=\"config\">{E(c.ConfigurationJson)}</pre></section>\n");
        html.Append("</main>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static void AppendTable(StringBuilder html, string heading, ReportTable? table)
    {
        if (table is null) return;
        html.Append($"<section><h2>{E(heading)}</h2><div class=\"scroll\"><table class=\"grid\">");
        if (table.Caption is { } caption) html.Append($"<caption>{E(caption)}</caption>");
        html.Append("<thead><tr>");
        foreach (var h in table.Header) html.Append($"<th scope=\"col\">{E(h)}</th>");
        html.Append("</tr></thead><tbody>");
        for (int r = 0; r < table.Rows.Count; r++)
        {
            html.Append("<tr>");
            var row = table.Rows[r];
            for (int i = 0; i < row.Count; i++)
            {
                if (i == 0) html.Append($"<th scope=\"row\">{E(row[i])}</th>");
                else html.Append($"<td{(r < table.MatrixSize && i == r + 1 ? " class=\"diagonal\"" : "")}>{E(row[i])}</td>");
            }
            html.Append("</tr>");
        }
        html.Append("</tbody></table></div></section>\n");
    }

    internal static string E(string text) => WebUtility.HtmlEncode(text);

    internal const string Css = """
        body { margin: 0; background: #f6f7f9; color: #1d2330; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; }
        main { max-width: 1200px; margin: 0 auto; padding: 24px 32px 48px; background: #fff; }
        h1 { font-size: 26px; margin: 8px 0 16px; }
        h2 { font-size: 19px; margin: 28px 0 10px; padding-bottom: 4px; border-bottom: 1px solid #dde1e7; }
        pre { background: #f1f3f6; border: 1px solid #dde1e7; border-radius: 4px; padding: 10px 12px; overflow-x: auto;
              font: 13px/1.45 ui-monospace, "DejaVu Sans Mono", monospace; white-space: pre-wrap; word-break: break-word; }
        table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
        th, td { padding: 4px 8px; border: 1px solid #dde1e7; }
        td { text-align: right; }
        table.grid { font-size: 14px; }
        thead th { background: #eef1f5; }
        tbody th { text-align: left; font-weight: 600; background: #fafbfc; white-space: nowrap; }
        table.summary td { text-align: left; }
        td.reference { color: #5a6372; }
        td.diagonal { background: #dcefdc; font-weight: 600; }
        td.statistics { white-space: nowrap; }
        .interval { color: #5a6372; font-size: 13px; }
        caption { caption-side: bottom; text-align: left; color: #5a6372; font-size: 13px; padding-top: 6px; }
        .scroll { overflow-x: auto; }
        figure { margin: 18px 0; }
        figure img { max-width: 100%; height: auto; border: 1px solid #dde1e7; }
        figcaption { color: #5a6372; font-size: 14px; margin-top: 4px; }
        .missing { color: #b00020; }
        """;
}
