using System.CommandLine;
using TorchAe.Cli;
using TorchAe.Gradients;
using TorchAe.Reporting.Csv;
using TorchAe.Runtime;

namespace TorchAe.Commands;

/// <summary><c>torchae gradcheck</c>: numeric vs autograd vs hand-derived gradients over the matrix of objectives,
/// activations, β and α, the fused node, ρ̂ beyond its clamp, the variants (contraction, tied, cross-entropy, corruption), the
/// softmax head, 2- and 3-encoder stacks and the fine-tuning objective (<see cref="GradientCheckSuite"/>).</summary>
public sealed class GradcheckCommand : ICommand
{
    public string Name => "gradcheck";
    public string Summary => "check autograd and the hand-derived gradients against central differences (float64); writes DIR/gradcheck.csv";
    readonly Option<string> outOption = CliOption.Text("--out", "folder for gradcheck.csv", "runs/gradcheck-<yyyyMMdd-HHmmss>", "DIR");
    readonly Option<int> seedOption = CliOption.Int("--seed", "seed of the random models and data", 1, min: 0);
    readonly Option<bool> forceOption = CliOption.Flag("--force", "replace gradcheck.csv if --out holds one");

    public IEnumerable<Symbol> Symbols => [outOption, seedOption, forceOption];

    public int Run(ParseResult args, TextWriter output)
    {
        var outDir = RunFolder.Resolve(args.Text(outOption), Name);
        var seed = (ulong)(args.Value(seedOption) ?? 1);
        RunFolder.CheckOutFolder(outDir, args.Given(forceOption), GradientCheckCsv.FileName);
        TorchRuntime.EnsureLoaded();

        output.WriteLine($"{"case",-56} {"objective",-13} {"encoder",-8} {"decoder",-8} {"params",6} {"num-vs-auto",11} {"(plain)",9} {"hand-vs-auto",12}  ok");
        var cases = new List<GradientCheckCase>();
        foreach (var c in GradientCheckSuite.Run(seed))
        {
            cases.Add(c);
            var r = c.Result;
            output.WriteLine($"{c.Case,-56} {c.Objective,-13} {c.Encoder,-8} {c.Decoder,-8} {r.Parameters,6} {r.RelNumericVsAutograd,11:0.00e+00} {r.RelPlainNumericVsAutograd,9:0.0e+00} {r.RelHandVsAutograd,12:0.00e+00}  {(r.Passed ? "yes" : "NO")}");
        }
        var path = Path.Combine(outDir, GradientCheckCsv.FileName);
        GradientCheckCsv.Write(path, cases);
        int failed = cases.Count(c => !c.Result.Passed);
        output.WriteLine();
        output.WriteLine($"{cases.Count - failed} of {cases.Count} cases pass ({GradientCheckResult.PassRule}; ε = {GradientChecker.Epsilon:0e0}); worst numeric {cases.Max(c => c.Result.RelNumericVsAutograd):0.0e+00}, worst plain numeric (shown, not judged) {cases.Max(c => c.Result.RelPlainNumericVsAutograd):0.0e+00}, worst hand {cases.Max(c => c.Result.RelHandVsAutograd):0.0e+00}");
        output.WriteLine($"wrote {path}");
        return failed == 0 ? ExitCodes.Success : ExitCodes.Failed;
    }
}
