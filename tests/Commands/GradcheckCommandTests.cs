using System.Globalization;
using TorchAe.Gradients;
using TorchAe.Tests.Support;

namespace TorchAe.Tests.Commands;

/// <summary><c>torchae gradcheck</c> end to end: gradcheck.csv's columns (the eight first, the added four at the
/// end), one uniquely named row per case, the cases a script looks for, and <c>passed</c> following <c>pass_rule</c>.</summary>
[Collection(SerialCollection.Name)]
public sealed class GradcheckCommandTests : IDisposable
{
    readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Gradcheck_Default_WritesEveryCaseWithItsWork()
    {
        var dir = temp["gradcheck"];
        // A folder that already holds a gradcheck.csv: --force replaces it (OverwriteTests: refused without).
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "gradcheck.csv"), "an earlier check\n");
        var (code, output, error) = Torchae.Run("gradcheck", "--out", dir, "--force");
        Assert.True(code == 0, error + output);

        var lines = File.ReadAllLines(Path.Combine(dir, "gradcheck.csv"));
        Assert.Equal("case,objective,encoder,decoder,parameters,rel_numeric_vs_autograd,rel_hand_vs_autograd,passed,rel_plain_numeric,epsilon,checked,pass_rule", lines[0]);
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToArray();
        Assert.True(rows.Length >= 70, $"{rows.Length} cases");
        Assert.Equal(rows.Length, rows.Select(r => r[0]).Distinct().Count());
        foreach (var name in new[] { "stack-2layer-tanh-softmax", "stack-3layer-tanh-softmax", "finetune-3layer-sigmoid", "finetune-3layer-tanh",
                     "sae-mean-sigmoid-sigmoid-clamp", "sae-sum-tanh-sigmoid-clamp", "sae-msesparse-tanh-tanh-beta3-alpha1e-3", "sae-mean-sigmoid-linear-fused",
                     "sae-sum-tanh-sigmoid-contraction", "sae-mean-sigmoid-sigmoid-contraction-beta3-alpha1e-3", "sae-msesparse-tanh-linear-tied",
                     "sae-mean-tanh-sigmoid-cross-entropy", "sae-sum-sigmoid-sigmoid-mask0.25", "sae-mean-sigmoid-sigmoid-gaussian0.1",
                     "sae-msesparse-sigmoid-sigmoid-saltpepper0.1", "sae-sum-tanh-sigmoid-all", "sae-mean-sigmoid-sigmoid-all-fused" })
            Assert.Contains(name, rows.Select(r => r[0]));

        foreach (var r in rows)
        {
            double numeric = Parse(r[5]), hand = Parse(r[6]), plain = Parse(r[8]);
            Assert.Equal(numeric < 1e-9 && hand < 1e-12, bool.Parse(r[7]));
            Assert.True(plain > 0 && plain < 1e-7, $"{r[0]}: plain central difference {plain}");
            Assert.Equal(1e-4, Parse(r[9]));
            Assert.Equal(r[4], r[10]);   // every coordinate checked
            Assert.Equal(GradientCheckResult.PassRule, r[11]);
        }
    }

    static double Parse(string text) => double.Parse(text, CultureInfo.InvariantCulture);
}
