using CsvHelper;
using System.CommandLine;
using TorchAe.Cli;
using TorchAe.IO;
using TorchAe.Kernels;
using TorchAe.Reporting.Csv;
using TorchAe.Runs;
using TorchAe.Runtime;
using static TorchSharp.torch;

namespace TorchAe.Commands;

/// <summary><c>torchae encode</c>: the hidden code of layer L of the fine-tuned stack for every sample, as CSV with the
/// header <c>label,h1,…,hH</c> (no label column when the data has no labels).</summary>
public sealed class EncodeCommand : ICommand
{
    public string Name => "encode";
    public string Summary => "write the hidden codes of a trained model's layer L for every sample (CSV: label,h1,…,hH)";
    readonly Option<int> layerOption = CliOption.Int("--layer", "which encoder layer's code, 1 … L", "the last");
    readonly Option<string> outOption = CliOption.Text("--out", "CSV file to write (required)", placeholder: "FILE");
    readonly Option<bool> forceOption = CliOption.Flag("--force", "replace --out if it exists");

    public IEnumerable<Symbol> Symbols => [.. ModelInput.Options, layerOption, outOption, forceOption];

    public int Run(ParseResult args, TextWriter output)
    {
        var path = args.Text(outOption) ?? throw new UsageException("--out is required (see --help)");
        if (Directory.Exists(path)) throw new UsageException($"--out {path} is a folder; give a file name");
        if (File.Exists(path) && !args.Given(forceOption)) throw new UsageException($"--out {path} already exists; choose another file or add --force");
        TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        var input = ModelInput.Load(args);
        var stack = input.Model.Stack;
        int layers = stack.Encoders.Count;
        int layer = args.Value(layerOption) ?? layers;
        if (layer < 1 || layer > layers) throw new UsageException($"--layer must be in 1 … {layers} (the model's encoder layers), got {layer}");
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        RunFolder.EnsureWritable(directory);

        Tensor code;
        using (no_grad())
        {
            stack.eval();
            // h_l = φ_l(h_{l−1} W_lᵀ + b_l), h_0 = x: (R, N) → (R, H_l)
            code = input.Inputs();
            for (int l = 0; l < layer; l++) code = stack.Activations[l].Apply(stack.Encoders[l].call(code));
        }
        var values = code.to(ScalarType.Float64).contiguous().data<double>().ToArray();
        int hidden = (int)code.shape[1];
        var labels = input.Data.Labels;
        AtomicFile.Write(path, stream =>
        {
            using var csv = CsvWriter.Create(stream, CsvFormat.Writer, leaveOpen: true);
            var header = Enumerable.Range(1, hidden).Select(j => $"h{j}");
            csv.WriteHeader(labels is null ? header.ToArray() : ["label", .. header]);
            for (int n = 0; n < input.Data.Count; n++)
            {
                if (labels is not null) csv.WriteField(input.Data.ClassNames[labels[n]]);
                for (int j = 0; j < hidden; j++) csv.WriteField(values[(long)n * hidden + j]);
                csv.EndRecord();
            }
        });
        output.WriteLine($"{input.DataDescription}: {input.Data.Count} samples encoded by layer {layer} of {input.Model.Architecture} → {hidden} values each");
        output.WriteLine($"wrote {path}");
        return ExitCodes.Success;
    }
}
