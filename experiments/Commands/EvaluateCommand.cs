using System.Text.Json;
using System.CommandLine;
using TorchAe.Cli;
using TorchAe.IO;
using TorchAe.Reporting;
using TorchAe.Runs;
using TorchAe.Runtime;
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
        if (outDir is not null) ModelInput.CheckOutFolder(outDir, args.Given(forceOption), EvaluationFile, ConfusionCsv.FileName);

        var stack = input.Model.Stack;
        long[] predicted;
        using (no_grad())
        {
            stack.eval();
            predicted = stack.call(input.Inputs()).argmax(1).data<long>().ToArray();   // (R,) arg max_k of the logits
        }
        var confusion = ClassificationReport.CountConfusion(labels, predicted.Select(p => (int)p).ToList(), input.Model.ClassNames.Count);
        var report = ClassificationReport.FromConfusion(confusion, input.Model.ClassNames);

        output.WriteLine($"{input.DataDescription}: accuracy {report.Accuracy:P2} ({report.Correct} of {report.Total})");
        foreach (var c in report.Classes)
            output.WriteLine($"  {c.Name}: precision {Percent(c.Precision)}, recall {Percent(c.Recall)} ({c.Support} samples)");
        if (outDir is null) return ExitCodes.Success;

        ConfusionCsv.Write(Path.Combine(outDir, ConfusionCsv.FileName), confusion, input.Model.ClassNames);
        AtomicFile.Write(Path.Combine(outDir, EvaluationFile), stream =>
        {
            using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
            json.WriteStartObject();
            json.WriteNumber("accuracy", report.Accuracy);
            json.WriteNumber("samples", report.Total);
            json.WriteNumber("correct", report.Correct);
            json.WriteString("data", input.DataDescription);
            json.WriteStartArray("classes");
            foreach (var c in report.Classes)
            {
                json.WriteStartObject();
                json.WriteString("name", c.Name);
                json.WriteNumber("support", c.Support);
                json.WriteNumber("predicted", c.Predicted);
                Nullable(json, "precision", c.Precision);
                Nullable(json, "recall", c.Recall);
                Nullable(json, "f1", c.F1);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
            json.Flush();
            stream.WriteByte((byte)'\n');
        });
        output.WriteLine($"wrote {outDir}/ ({EvaluationFile}, {ConfusionCsv.FileName})");
        return ExitCodes.Success;
    }

    static void Nullable(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } v) json.WriteNumber(name, v);
        else json.WriteNull(name);
    }

    static string Percent(double? value) => value is { } v ? $"{v:P2}" : "n/a";
}
