using System.Globalization;
using SkiaSharp;
using TorchAe.Reporting.Csv;
using TorchAe.Reporting.TensorBoard;
using TorchAe.Tests.Support;
using TorchAe.Training;

namespace TorchAe.Tests.Reporting.TensorBoard;

/// <summary>The event files of <c>--tensorboard</c>, read by an independent reader (<see cref="EventFileReader"/>: the
/// TFRecord framing with its CRCs, TensorBoard's messages from its published .proto definitions): the scalars are
/// metrics.csv's and gradients.csv's cells (as float32), the histograms and images decode.</summary>
public sealed class TensorBoardSinkTests
{
    static readonly string[] Tiny = ["--train-count", "80", "--test-count", "40", "--hidden", "20,8", "--epochs", "6", "--quiet"];

    [Fact]
    public void Crc32C_StandardCheckInput_GivesTheCatalogueValue() =>
        Assert.Equal(0xE3069283u, Crc32C.Compute("123456789"u8));   // CRC-32C's check value (the CRC catalogue, RFC 3720 B.4)

    [Fact]
    public void Shapes_WithTensorBoard_EventFileHoldsEveryCsvScalarHistogramsAndImages()
    {
        using var temp = new TempFolder();
        var run = temp["run"];
        var (code, _, error) = Torchae.Run(["shapes", .. Tiny, "--tensorboard", "--out", run]);
        Assert.True(code == 0, error);

        var first = Assert.Single(Directory.GetFiles(run, TensorBoardSink.FilePrefix + "*"));
        var events = EventFileReader.Read(first);
        Assert.Equal("brain.Event:2", events[0].FileVersion);
        var values = events.Where(e => e.Summary is not null).SelectMany(e => e.Summary.Value.Select(v => (e.Step, Value: v))).ToList();

        var scalars = values.Where(x => x.Value.ValueCase == TensorBoardProto.Summary.Types.Value.ValueOneofCase.SimpleValue)
            .ToDictionary(x => (x.Value.Tag, x.Step), x => x.Value.SimpleValue);   // a (tag, step) written twice throws
        var expected = CsvScalars(Path.Combine(run, "metrics.csv"), gradients: false)
            .Concat(CsvScalars(Path.Combine(run, "gradients.csv"), gradients: true)).ToDictionary();
        Assert.Equal(expected.OrderBy(e => e.Key), scalars.OrderBy(s => s.Key));

        var histograms = values.Where(x => x.Value.ValueCase == TensorBoardProto.Summary.Types.Value.ValueOneofCase.Histo)
            .ToDictionary(x => x.Value.Tag, x => (x.Step, x.Value.Histo));
        foreach (var (layer, hidden, inputs) in new[] { (1, 20, 900), (2, 8, 20) })
        {
            var rhoHats = CsvColumn(Path.Combine(run, $"units-layer{layer}.csv"), "rho_hat");
            var (step, rho) = histograms[$"pretrain-layer{layer}/rho_hat"];
            Assert.Equal(6, step);   // the layer's last epoch
            Assert.Equal(hidden, rho.Num);
            Assert.Equal(hidden, rho.Bucket.Sum());
            Assert.Equal(rhoHats.Min(), rho.Min);
            Assert.Equal(rhoHats.Max(), rho.Max);
            Assert.Equal(rhoHats.Sum(), rho.Sum, 1e-12);
            foreach (var tag in new[] { $"pretrain-layer{layer}/weights", $"finetune/weights/layer{layer}" })
            {
                var weights = histograms[tag].Histo;
                Assert.Equal(hidden * inputs, weights.Num);
                Assert.Equal(weights.Num, weights.Bucket.Sum());
                Assert.Equal(weights.Bucket.Count, weights.BucketLimit.Count);
            }
        }

        AssertImages(run, values);

        // --resume of a run with event files goes on writing them without the flag: one file again, the scalars
        // metrics.csv's, none twice (the runner replays the rows the checkpoint kept and continues).
        File.Delete(Path.Combine(run, "summary.json"));
        (code, _, error) = Torchae.Run(["shapes", "--resume", run, "--quiet"]);
        Assert.True(code == 0, error);
        var second = Assert.Single(Directory.GetFiles(run, TensorBoardSink.FilePrefix + "*"));
        Assert.NotEqual(first, second);   // written anew, not left as it was
        var resumed = EventFileReader.Read(second)
            .Where(e => e.Summary is not null).SelectMany(e => e.Summary.Value.Select(v => (e.Step, Value: v))).ToList();
        var rescalars = resumed.Where(x => x.Value.ValueCase == TensorBoardProto.Summary.Types.Value.ValueOneofCase.SimpleValue)
            .ToDictionary(x => (x.Value.Tag, x.Step), x => x.Value.SimpleValue);
        var reexpected = CsvScalars(Path.Combine(run, "metrics.csv"), gradients: false)
            .Concat(CsvScalars(Path.Combine(run, "gradients.csv"), gradients: true)).ToDictionary();
        Assert.Equal(reexpected.OrderBy(e => e.Key), rescalars.OrderBy(s => s.Key));
        AssertImages(run, resumed);
    }

    static void AssertImages(string run, List<(long Step, TensorBoardProto.Summary.Types.Value Value)> values)
    {
        var images = values.Where(x => x.Value.ValueCase == TensorBoardProto.Summary.Types.Value.ValueOneofCase.Image).ToDictionary(x => x.Value.Tag, x => x.Value.Image);
        Assert.Equal(["images/reconstructions", "images/weights-layer1", "images/weights-layer2"], images.Keys.Order());
        foreach (var (tag, image) in images)
        {
            using var written = SKBitmap.Decode(Path.Combine(run, tag["images/".Length..] + ".png"));
            using var decoded = SKBitmap.Decode(image.EncodedImageString.ToByteArray());
            Assert.Equal((written.Width, written.Height), (decoded.Width, decoded.Height));
            Assert.Equal((written.Width, written.Height), (image.Width, image.Height));
        }
    }

    [Fact]
    public void Resume_ReplacesOldEventFilesWithTheRowsTheCsvFilesKeep()
    {
        using var temp = new TempFolder();
        MetricsCsv.Write(temp["metrics.csv"],
        [
            new EpochMetrics { Stage = "pretrain", Layer = 1, Epoch = 1, Loss = 2.625, Terms = new(("reconstruction", 2), ("weight_decay", 0.25), ("sparsity", 0.25), ("contraction", 0.125)), RhoHatMean = 0.1, Seconds = 0.5, Evaluations = 1 },
            new EpochMetrics { Stage = "pretrain", Layer = 1, Epoch = 2, Loss = 1.0 / 3, Seconds = 1.25 },
            new EpochMetrics { Stage = "finetune", Layer = 1, Epoch = 1, Loss = 0.7, TrainAccuracy = 0.9, GradNorm = 1e-7, Seconds = 2 },
        ]);
        GradientsCsv.Write(temp["gradients.csv"], [new("finetune", 1, 1, 0.125, 0.5), new("finetune", 2, 1, 3, 4)]);
        UnitsCsv.Write(temp["units-layer1.csv"], [new(1, 0.05, 1), new(2, 0.25, 2), new(3, 0.5, 3)]);
        var stale = temp.WriteText(TensorBoardSink.FilePrefix + "1.host.1.1", "an earlier run's events");

        TensorBoardSink.Resume(temp.Path);

        Assert.False(File.Exists(stale));
        var events = EventFileReader.Read(Assert.Single(Directory.GetFiles(temp.Path, TensorBoardSink.FilePrefix + "*")));
        var values = events.Where(e => e.Summary is not null).SelectMany(e => e.Summary.Value.Select(v => (e.Step, Value: v))).ToList();
        var scalars = values.Where(x => x.Value.ValueCase == TensorBoardProto.Summary.Types.Value.ValueOneofCase.SimpleValue).ToDictionary(x => (x.Value.Tag, x.Step), x => x.Value.SimpleValue);
        var expected = CsvScalars(temp["metrics.csv"], gradients: false).Concat(CsvScalars(temp["gradients.csv"], gradients: true)).ToDictionary();
        Assert.Equal(expected.OrderBy(e => e.Key), scalars.OrderBy(s => s.Key));
        Assert.Equal(1f / 3, scalars[("pretrain-layer1/loss", 2)]);
        Assert.Equal(0.125f, scalars[("pretrain-layer1/contraction", 1)]);
        var rho = Assert.Single(values, x => x.Value.Tag == "pretrain-layer1/rho_hat");
        Assert.Equal(2, rho.Step);
        Assert.Equal((3.0, 0.05, 0.5), (rho.Value.Histo.Num, rho.Value.Histo.Min, rho.Value.Histo.Max));
        Assert.Equal(0.8, rho.Value.Histo.Sum, 1e-15);
    }

    /// <summary>Every non-empty cell of a metrics.csv or gradients.csv, read as text, keyed as the TensorBoard tag and step
    /// it should be written under: <c>{stage}/{column}</c> (gradients: <c>{stage}/{column}/layer{l}</c>), the stage being
    /// <c>pretrain-layer{l}</c> for pretraining; the value rounded to float32 as TensorBoard stores it.</summary>
    static IEnumerable<KeyValuePair<(string, long), float>> CsvScalars(string path, bool gradients)
    {
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',');
        foreach (var line in lines.Skip(1))
        {
            var cells = line.Split(',');
            string stage = cells[0] == "pretrain" ? $"pretrain-layer{cells[1]}" : cells[0];
            long epoch = long.Parse(cells[2], CultureInfo.InvariantCulture);
            for (int c = 3; c < header.Length; c++)
                if (cells[c].Length > 0)
                    yield return new((gradients ? $"{stage}/{header[c]}/layer{cells[1]}" : $"{stage}/{header[c]}", epoch),
                        (float)double.Parse(cells[c], CultureInfo.InvariantCulture));
        }
    }

    static List<double> CsvColumn(string path, string column)
    {
        var lines = File.ReadAllLines(path);
        int c = Array.IndexOf(lines[0].Split(','), column);
        return lines.Skip(1).Select(l => double.Parse(l.Split(',')[c], CultureInfo.InvariantCulture)).ToList();
    }
}
