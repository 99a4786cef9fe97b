using System.Globalization;
using System.Text;
using TorchAe.IO;
using static TorchAe.Reporting.ReportHtml;

namespace TorchAe.Reporting.Sweeps;

/// <summary><c>sweep.html</c>: one self-contained page like report.html (inline CSS, sweep.png embedded as a data URI,
/// no scripts, every text HTML-escaped): the sweep's command, a table of mean ± sd [95 % CI] per combination and
/// metric, the figure, every finished run, and the runs not finished.</summary>
internal static class SweepHtml
{
    public const string FileName = "sweep.html";

    public static void Write(string path, string commandLine, SweepTable table, string pngPath) =>
        AtomicFile.WriteText(path, Render(commandLine, table, pngPath));

    public static string Render(string commandLine, SweepTable table, string pngPath)
    {
        var html = new StringBuilder(ReportHtml.Head("Sweep"));
        html.Append($"""
            <h1>Sweep: {table.Rows.Count} finished runs{(table.Incomplete.Count > 0 ? $", {table.Incomplete.Count} not finished" : "")}</h1>
            <section><h2>Command</h2><pre class="command">{E(commandLine)}</pre></section>

            """);
        var groups = table.Groups();
        html.Append("<section><h2>Summary over seeds</h2><div class=\"scroll\"><table class=\"grid\">");
        html.Append("<caption>mean ± sd (n − 1) [95 % Student-t interval]; accuracies in %</caption><thead><tr><th scope=\"col\">combination</th><th scope=\"col\">n</th>");
        foreach (var c in table.Columns) html.Append($"<th scope=\"col\">{E(c)}</th>");
        html.Append("</tr></thead><tbody>");
        foreach (var g in groups)
        {
            html.Append($"<tr><th scope=\"row\">{E(g.Label(table.Keys))}</th><td>{g.N}</td>");
            for (int c = 0; c < table.Columns.Count; c++)
                html.Append($"<td>{E(Cell(g.Statistics[c], Scale(table.Columns[c])))}</td>");
            html.Append("</tr>");
        }
        html.Append("</tbody></table></div></section>\n");
        html.Append("<section><h2>Figure</h2><figure>");
        html.Append(File.Exists(pngPath)
            ? $"<img src=\"data:image/png;base64,{Convert.ToBase64String(File.ReadAllBytes(pngPath))}\" alt=\"every metric per combination\">"
            : $"<p class=\"missing\">figure not found: {E(pngPath)}</p>");
        html.Append("<figcaption>Each metric per combination: mean with its 95 % interval, every seed as a grey dot.</figcaption></figure></section>\n");
        html.Append("<section><h2>Runs</h2><div class=\"scroll\"><table class=\"grid\"><thead><tr><th scope=\"col\">run</th>");
        foreach (var k in table.Keys) html.Append($"<th scope=\"col\">{E(k)}</th>");
        html.Append("<th scope=\"col\">seed</th>");
        foreach (var c in table.Columns) html.Append($"<th scope=\"col\">{E(c)}</th>");
        html.Append("</tr></thead><tbody>");
        foreach (var r in table.Rows)
        {
            html.Append($"<tr><th scope=\"row\">{E(r.Run)}</th>");
            foreach (var v in r.KeyValues) html.Append($"<td>{E(v)}</td>");
            html.Append($"<td>{r.Seed}</td>");
            for (int c = 0; c < table.Columns.Count; c++)
                html.Append($"<td>{(r.Values[c] is { } v ? E(Number(Scale(table.Columns[c]) * v)) : "")}</td>");
            html.Append("</tr>");
        }
        html.Append("</tbody></table></div></section>\n");
        if (table.Incomplete.Count > 0)
        {
            html.Append("<section><h2>Not finished (not counted)</h2><ul class=\"notes\">");
            foreach (var r in table.Incomplete) html.Append($"<li>{E(r.Name)}</li>");
            html.Append("</ul></section>\n");
        }
        html.Append("</main>\n</body>\n</html>\n");
        return html.ToString();
    }

    static double Scale(string column) => column.StartsWith("accuracy", StringComparison.Ordinal) ? 100 : 1;

    static string Cell(SampleStatistics? s, double scale) => s switch
    {
        null => "",
        { Sd: { } sd, Ci95Low: { } low, Ci95High: { } high } => $"{Number(scale * s.Mean)} ± {Number(scale * sd)} [{Number(scale * low)}, {Number(scale * high)}]",
        _ => Number(scale * s.Mean),
    };

    static string Number(double v) => v.ToString("G4", CultureInfo.InvariantCulture);
}
