using System.CommandLine;
using TorchAe.Cli;
using TorchAe.Reporting.Classification;
using TorchAe.Reporting.Csv;
using TorchAe.Reporting.Summary;
using TorchAe.Runs;
using TorchAe.Runtime;
using TorchAe.Training;
using static TorchSharp.torch;

namespace TorchAe.Commands;

/// <summary><c>torchae evaluate</c>: the fine-tuned stack's predictions on labelled samples: accuracy, per-class
/// precision and recall; with <c>--out</c> also evaluation.json and confusion.csv (rows actual, columns predicted).</summary>
public sealed class EvaluateCommand : ICommand
{
    public const string EvaluationFile = "evaluation.json";

    public string Name => "evaluate";
    public string Summary => "classify labelled samples with a trained model: accuracy, per-class precision/recall (--out: evaluation.json, confusion.csv)";
    readonly Option<string> outOption = CliOption.Text("--out", "folder for evaluation.json and confusion.csv", "print only", "DIR");
    readonly Option<bool> forceOption = CliOption.Flag("--force", "replace those files if --out holds them");

    public IEnumerable<Symbol> Symbols => [.. ModelInput.Options, outOption, forceOption];

    public int Run(ParseResult args, TextWriter output)
    {
        TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        var input = ModelInput.Load(args);
        var labels = input.Data.Labels ?? throw new UsageException($"{input.DataDescription}: has no labels to evaluate against");
        var outDir = args.Text(outOption);
        if (outDir is not null) RunFolder.CheckOutFolder(outDir, args.Given(forceOption), EvaluationFile, ConfusionCsv.FileName);

        // The same count a run makes of its own test set (confusion.csv), so evaluate on a run's test set gives its summary's accuracy.
        var targets = tensor(labels.Select(l => (long)l).ToArray());
        var confusion = Evaluation.Confusion(input.Model.Stack, new TrainingData(input.Inputs(), targets), input.Model.ClassNames.Count);
        var report = ClassificationReport.FromConfusion(confusion, input.Model.ClassNames);

        output.WriteLine($"{input.DataDescription}: accuracy {report.Accuracy:P2} ({report.Correct} of {report.Total})");
        foreach (var c in report.Classes)
            output.WriteLine($"  {c.Name}: precision {Percent(c.Precision)}, recall {Percent(c.Recall)} ({c.Support} samples)");
        if (outDir is null) return ExitCodes.Success;

        ConfusionCsv.Write(Path.Combine(outDir, ConfusionCsv.FileName), confusion, input.Model.ClassNames);
        SummaryJson.Write(Path.Combine(outDir, EvaluationFile),
            new EvaluationSummary(report.Accuracy, report.Total, report.Correct, input.DataDescription, report.Classes));
        output.WriteLine($"wrote {outDir}/ ({EvaluationFile}, {ConfusionCsv.FileName})");
        return ExitCodes.Success;
    }

    static string Percent(double? value) => value is { } v ? $"{v:P2}" : "n/a";

    /// <summary>evaluation.json: <c>accuracy</c>, <c>samples</c>, <c>correct</c>, <c>data</c>, <c>classes</c> (as summary.json's).</summary>
    sealed record EvaluationSummary(double Accuracy, int Samples, int Correct, string Data, IReadOnlyList<ClassScores> Classes);
}
