using System.Globalization;
using System.Text;
using TorchAe.IO;
using TorchAe.Reporting.Html;
using static TorchAe.Reporting.Html.ReportHtml;

namespace TorchAe.Reporting.Sweeps;

/// <summary><c>sweep.html</c>: one self-contained page like report.html (inline CSS, sweep.png embedded as a data URI,
/// no scripts, every text HTML-escaped): the sweep's command, a table of mean ± sd [95 % CI] per combination and
/// metric (headers in words, each cell unbroken and to the digits its sd supports), the figure, every finished run, and
/// the runs not finished.</summary>
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
        html.Append("<caption>mean ± sd (n − 1), under it the [95 % Student-t interval], to the decimals the sd's two significant digits call for; accuracies in %</caption><thead><tr><th scope=\"col\">combination</th><th scope=\"col\">n</th>");
        foreach (var c in table.Columns) html.Append($"<th scope=\"col\">{E(Header(c))}</th>");
        html.Append("</tr></thead><tbody>");
        foreach (var g in groups)
        {
            html.Append($"<tr><th scope=\"row\">{E(g.Label(table.Keys))}</th><td>{g.N}</td>");
            for (int c = 0; c < table.Columns.Count; c++)
                html.Append(StatisticsCell(g.Statistics[c], Scale(table.Columns[c])));
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
        foreach (var c in table.Columns) html.Append($"<th scope=\"col\">{E(Header(c))}</th>");
        html.Append("</tr></thead><tbody>");
        // Each column to the decimals its combinations' spreads call for, so that the runs read against the summary.
        var decimals = Enumerable.Range(0, table.Columns.Count).Select(c => groups
            .Select(g => g.Statistics[c]?.Sd is { } sd ? Decimals(Scale(table.Columns[c]) * sd) : null)
            .Where(d => d is not null).DefaultIfEmpty(null).Max()).ToList();
        foreach (var r in table.Rows)
        {
            html.Append($"<tr><th scope=\"row\">{E(r.Run)}</th>");
            foreach (var v in r.KeyValues) html.Append($"<td>{E(v)}</td>");
            html.Append($"<td>{r.Seed}</td>");
            for (int c = 0; c < table.Columns.Count; c++)
                html.Append($"<td>{(r.Values[c] is { } v ? E(Number(Scale(table.Columns[c]) * v, decimals[c])) : "")}</td>");
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

    /// <summary>A numeric column in words, for a header: "test accuracy before fine-tuning (%)", "layer 1 test RMSE",
    /// "seconds in all". sweep.csv and sweep-summary.csv keep the snake_case names.</summary>
    internal static string Header(string column) => column switch
    {
        "accuracy_before_finetune" => "test accuracy before fine-tuning (%)",
        "accuracy_after_finetune" => "test accuracy after fine-tuning (%)",
        SweepTable.SecondsColumn => "seconds in all",
        _ when column.EndsWith("_test_rmse", StringComparison.Ordinal) => $"layer {column[5..^10]} test RMSE",
        _ => column,
    };

    /// <summary>mean ± sd on the first line and the 95 % interval under it, each line unbroken; all four to the same
    /// decimals (<see cref="Decimals"/>).</summary>
    static string StatisticsCell(SampleStatistics? s, double scale) => Cell(s, scale) is var (line, interval)
        ? $"<td class=\"statistics\">{E(line)}{(interval is null ? "" : $"<br><span class=\"interval\">{E(interval)}</span>")}</td>"
        : "<td></td>";

    /// <summary>"68.0 ± 2.4" and "[62.0, 74.0]": the mean, sd and interval rounded where the sd's second significant digit
    /// stands (sd 2.401 → one decimal, 0.006261 → four); a mean without sd (n = 1) to four significant digits.</summary>
    internal static (string Line, string? Interval)? Cell(SampleStatistics? s, double scale) => s switch
    {
        null => null,
        { Sd: { } sd, Ci95Low: { } low, Ci95High: { } high } when Decimals(scale * sd) is { } d =>
            ($"{Number(scale * s.Mean, d)} ± {Number(scale * sd, d)}", $"[{Number(scale * low, d)}, {Number(scale * high, d)}]"),
        _ => (Number(scale * s.Mean, null), null),
    };

    /// <summary>The decimals that keep two significant digits of <paramref name="sd"/> (null when it is 0 or not finite).</summary>
    internal static int? Decimals(double sd) =>
        sd > 0 && double.IsFinite(sd) ? Math.Clamp(1 - (int)Math.Floor(Math.Log10(sd)), 0, 15) : null;

    static string Number(double v, int? decimals) =>
        decimals is { } d ? v.ToString("F" + d, CultureInfo.InvariantCulture) : v.ToString("G4", CultureInfo.InvariantCulture);
}
