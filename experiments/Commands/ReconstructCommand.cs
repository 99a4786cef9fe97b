using CsvHelper;
using System.CommandLine;
using TorchAe.Cli;
using TorchAe.IO;
using TorchAe.Reporting.Csv;
using TorchAe.Reporting.Mosaics;
using TorchAe.Reporting.Summary;
using TorchAe.Runs;
using TorchAe.Runtime;
using TorchAe.Training;
using static TorchSharp.torch;

namespace TorchAe.Commands;

/// <summary><c>torchae reconstruct</c>: the samples through the first autoencoder as pretraining left it (z = ψ(φ(x W1ᵀ +
/// b1) W2ᵀ + b2)); writes reconstructions.png (images only), reconstruction-errors.csv and reconstruction.json with
/// RMSE = √(mean over samples and inputs of (x − z)²).</summary>
public sealed class ReconstructCommand : ICommand
{
    public const string ErrorsFile = "reconstruction-errors.csv", SummaryFile = "reconstruction.json", PictureFile = "reconstructions.png";

    public string Name => "reconstruct";
    public string Summary => "reconstruct samples with a trained model's first autoencoder: reconstructions.png, per-sample errors, RMSE";
    readonly Option<string> outOption = CliOption.Text("--out", "folder for reconstructions.png, reconstruction-errors.csv and reconstruction.json (required)", placeholder: "DIR");
    readonly Option<bool> forceOption = CliOption.Flag("--force", "replace those files if --out holds them");

    public IEnumerable<Symbol> Symbols => [.. ModelInput.Options, outOption, forceOption];

    public int Run(ParseResult args, TextWriter output)
    {
        var outDir = args.Text(outOption) ?? throw new UsageException("--out is required (see --help)");
        TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        var input = ModelInput.Load(args);
        if (input.Model.Autoencoders.Count == 0)
            throw new UsageException($"--run {args.Text(ModelInput.RunOption)}: its archive holds no pretrained autoencoders (written before TorchAe kept them, or imported from a file without autoencoders.<l>.* entries)");
        RunFolder.CheckOutFolder(outDir, args.Given(forceOption), ErrorsFile, SummaryFile, PictureFile);

        var ae = input.Model.Autoencoders[0];
        var x = input.Inputs();
        Tensor z;
        using (no_grad())
        {
            ae.eval();
            (_, z) = ae.call(x);
        }
        // The same error as summary.json's test_rmse: per sample Σ_j (x_kj − z_kj)², RMSE over samples and inputs
        var perSample = Evaluation.SquaredErrors(x, z);
        long inputs = x.shape[1];
        double rmse = Evaluation.Rmse(perSample, inputs);

        var labels = input.Data.Labels;
        AtomicFile.Write(Path.Combine(outDir, ErrorsFile), stream =>
        {
            using var csv = CsvWriter.Create(stream, CsvFormat.Writer, leaveOpen: true);
            csv.WriteHeader(labels is null ? ["sample", "squared_error", "rmse"] : ["sample", "label", "squared_error", "rmse"]);
            for (int n = 0; n < perSample.Length; n++)
            {
                csv.WriteField(n);
                if (labels is not null) csv.WriteField(input.Data.ClassNames[labels[n]]);
                csv.WriteField(perSample[n]);
                csv.WriteField(Math.Sqrt(perSample[n] / inputs));
                csv.EndRecord();
            }
        });
        var geometry = input.Model.Image ?? (input.Data.IsImage ? (input.Data.Width, input.Data.Height) : null);
        if (geometry is var (width, height))
        {
            int n = (int)Math.Min(10, x.shape[0]);
            var tiles = Rows(x.narrow(0, 0, n)).Concat(Rows(z.narrow(0, 0, n))).ToList();
            int scale = Math.Max(1, 64 / Math.Max(width, height));
            ImageMosaic.Write(Path.Combine(outDir, PictureFile), tiles, width, height,
                new MosaicOptions { Columns = n, Scaling = MosaicScaling.FixedRange, Scale = scale });
        }
        SummaryJson.Write(Path.Combine(outDir, SummaryFile), new ReconstructionSummary(rmse, perSample.Length, inputs, input.DataDescription));
        output.WriteLine($"{input.DataDescription}: RMSE {rmse:G4} over {perSample.Length} samples × {inputs} inputs (autoencoder 1 as pretraining left it)");
        output.WriteLine($"wrote {outDir}/ ({(geometry is null ? "" : PictureFile + ", ")}{ErrorsFile}, {SummaryFile})");
        return ExitCodes.Success;
    }

    static List<float[]> Rows(Tensor matrix)
    {
        var m = matrix.to(ScalarType.Float32).contiguous();
        long cols = m.shape[1];
        var all = m.data<float>().ToArray();
        return Enumerable.Range(0, (int)m.shape[0]).Select(r => all.AsSpan((int)(r * cols), (int)cols).ToArray()).ToList();
    }

    /// <summary>reconstruction.json: <c>rmse</c>, <c>samples</c>, <c>inputs</c>, <c>data</c>.</summary>
    sealed record ReconstructionSummary(double Rmse, int Samples, long Inputs, string Data);
}
