using CsvHelper;
using TorchAe.Gradients;
using TorchAe.IO;

namespace TorchAe.Reporting.Csv;

/// <summary>Writes <c>gradcheck.csv</c>: <c>case,objective,encoder,decoder,parameters,rel_numeric_vs_autograd,
/// rel_hand_vs_autograd,passed,rel_plain_numeric,epsilon,checked,pass_rule</c>. <c>passed</c> follows <c>pass_rule</c>;
/// <c>rel_plain_numeric</c> (the plain central difference at <c>epsilon</c>) is shown, not judged.</summary>
internal static class GradientCheckCsv
{
    public const string FileName = "gradcheck.csv";

    public static void Write(string path, IEnumerable<GradientCheckCase> cases) => AtomicFile.Write(path, stream =>
    {
        using var csv = CsvWriter.Create(stream, CsvFormat.Writer, leaveOpen: true);
        csv.WriteRecords(cases.Select(c => new GradientCheckRow
        {
            Case = c.Case, Objective = c.Objective, Encoder = c.Encoder, Decoder = c.Decoder, Parameters = c.Result.Parameters,
            RelNumericVsAutograd = c.Result.RelNumericVsAutograd, RelHandVsAutograd = c.Result.RelHandVsAutograd, Passed = c.Result.Passed,
            RelPlainNumeric = c.Result.RelPlainNumericVsAutograd, Epsilon = c.Result.Epsilon, Checked = c.Result.Checked,
            PassRule = GradientCheckResult.PassRule,
        }));
    });
}

[CsvRecord]
internal sealed partial record GradientCheckRow
{
    [CsvColumn("case")] public string Case { get; set; } = "";
    [CsvColumn("objective")] public string Objective { get; set; } = "";
    [CsvColumn("encoder")] public string Encoder { get; set; } = "";
    [CsvColumn("decoder")] public string Decoder { get; set; } = "";
    [CsvColumn("parameters")] public long Parameters { get; set; }
    [CsvColumn("rel_numeric_vs_autograd")] public double RelNumericVsAutograd { get; set; }
    [CsvColumn("rel_hand_vs_autograd")] public double RelHandVsAutograd { get; set; }
    [CsvColumn("passed")] public bool Passed { get; set; }
    [CsvColumn("rel_plain_numeric")] public double RelPlainNumeric { get; set; }
    [CsvColumn("epsilon")] public double Epsilon { get; set; }
    [CsvColumn("checked")] public long Checked { get; set; }
    [CsvColumn("pass_rule")] public string PassRule { get; set; } = "";
}
