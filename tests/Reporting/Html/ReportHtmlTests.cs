using TorchAe.Reporting.Html;
using System.Text.RegularExpressions;
using TorchAe.Reporting.Plots;
using TorchAe.Tests.Support;

namespace TorchAe.Tests.Reporting.Html;

public sealed class ReportHtmlTests : IDisposable
{
    private readonly TempFolder dir = new();

    public void Dispose() => dir.Dispose();

    private ReportContent Content()
    {
        var metrics = Samples.Run();
        var loss = dir.File(LossPlot.FileName);
        LossPlot.Write(loss, metrics);
        var rho = dir.File(RhoHatPlot.FileName(1));
        RhoHatPlot.Write(rho, 1, Samples.Units(100, 0.05, seed: 7), 0.05);
        return new ReportContent
        {
            Title = "shapes <run> & co",
            CommandLine = "torchae shapes --rho 0.05 --out \"runs/a b\"",
            ConfigurationJson = "{\n  \"note\": \"<script>alert(1)</script>\"\n}",
            Summary = [new("accuracy after fine-tuning", "95.20%", "≈ 97% (lecture)"), new("test samples", "1000")],
            LossTerms = ReportTables.FinalLossTerms(metrics),
            Confusion = ReportTables.Confusion(new[,] { { 5, 1 }, { 2, 7 } }, ["circle", "square"]),
            Figures = [new("Loss per stage", loss), new("ρ̂ of layer 1 < target?", rho)],
            Notes = ["stopped early at epoch 3 of 5"],
        };
    }

    [Fact]
    public void Write_Figures_AreEmbeddedAsPngDataUris()
    {
        var content = Content();
        var path = dir.File(ReportHtml.FileName);
        ReportHtml.Write(path, content);
        var html = File.ReadAllText(path);

        var uris = Regex.Matches(html, "src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"");
        Assert.Equal(2, uris.Count);
        Assert.Equal(File.ReadAllBytes(content.Figures[0].PngPath), Convert.FromBase64String(uris[0].Groups[1].Value));
        Assert.DoesNotContain("http://", html);
        Assert.DoesNotContain("https://", html);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("<link", html);
    }

    [Fact]
    public void Render_TextWithMarkup_IsEscaped()
    {
        var html = ReportHtml.Render(Content());
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
        Assert.Contains("<title>shapes &lt;run&gt; &amp; co</title>", html);
        Assert.Contains("--out &quot;runs/a b&quot;", html);
        Assert.Contains("<figcaption>ρ̂ of layer 1 &lt; target?</figcaption>", html);
    }

    [Fact]
    public void Render_Tables_HaveTheSummaryLossTermsAndConfusion()
    {
        var html = ReportHtml.Render(Content());
        Assert.Contains("<th scope=\"row\">accuracy after fine-tuning</th><td>95.20%</td><td class=\"reference\">≈ 97% (lecture)</td>", html);
        Assert.Contains("<th scope=\"row\">pretrain layer 2</th>", html);
        Assert.Contains("<td class=\"diagonal\">7</td>", html);
        Assert.Contains("<th scope=\"row\">precision</th><td>71.43%</td><td>87.50%</td><td>15</td><td>accuracy 80.00%</td>", html);
    }

    [Fact]
    public void Render_MissingFigure_SaysSoInsteadOfThrowing()
    {
        var html = ReportHtml.Render(new ReportContent { Title = "t", Figures = [new("gone", dir.File("nope.png"))] });
        Assert.Contains("figure not found", html);
    }
}
