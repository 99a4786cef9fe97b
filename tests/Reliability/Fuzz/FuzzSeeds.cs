using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using TorchAe.Data.Readers;
using TorchAe.Data.Sets;
using TorchAe.Experiments;
using TorchAe.Interop;
using TorchAe.Training;
using TorchAe.Tests.Support;
using TorchAe.Training.Experiment;

namespace TorchAe.Tests.Reliability.Fuzz;

/// <summary>One valid input per reader, made once in a temporary folder: the files every fuzz case starts from. A case
/// copies its reader's seed into a fresh folder and mutates one file there.</summary>
/// <remarks>Also the gzipped MNIST folder and PGM image, and a run folder with a checkpoint inside a stage.</remarks>
public sealed class FuzzSeeds : IDisposable
{
    readonly TempFolder temp = new();

    public FuzzSeeds()
    {
        // IDX: 30 training and 12 test images of 4×4, labels 0..2.
        Write("mnist/train-images-idx3-ubyte", Images(30));
        Write("mnist/train-labels-idx1-ubyte", Labels(30));
        Write("mnist/t10k-images-idx3-ubyte", Images(12));
        Write("mnist/t10k-labels-idx1-ubyte", Labels(12));
        // CSV: a header, 12 rows of 4 features and a label.
        var csv = new StringBuilder("a,b,c,d,label\n");
        for (int r = 0; r < 12; r++) csv.Append($"{r * 0.1:0.0},{(r % 3) * 0.5:0.0},{1 - r * 0.05:0.00},0.25,{(r % 2 == 0 ? "x" : "y")}\n");
        Write("data.csv", Encoding.UTF8.GetBytes(csv.ToString()));
        // PGM: a 16×12 8-bit image.
        var header = Encoding.ASCII.GetBytes("P5\n# a comment\n16 12\n255\n");
        Write("image.pgm", [.. header, .. Enumerable.Range(0, 16 * 12).Select(i => (byte)(i * 5))]);
        // Image folder: two classes of three 5×5 PNGs.
        var pixels = Enumerable.Range(0, 6 * 25).Select(i => (i * 17 % 256) / 255f).ToArray();
        ImageFolderWriter.Write(System.IO.Path.Combine(this.Path, "folder"), new Dataset(pixels, 6, 25, [0, 1, 0, 1, 0, 1], ["a", "b"], 5, 5, "seed"));
        // An archive with pretrained autoencoders, and the same model as .pt (+ sidecar) and .safetensors.
        var model = TestStacks.BuildModel(3, TorchSharp.torch.ScalarType.Float32);
        StackArchive.Save(System.IO.Path.Combine(this.Path, "archive"), model);
        StateDictFile.Save(model, System.IO.Path.Combine(this.Path, "model.pt"), WeightFormat.PyTorch);
        StateDictFile.Save(model, System.IO.Path.Combine(this.Path, "model.safetensors"), WeightFormat.Safetensors);
        // A shapes experiment as --print-config writes it.
        var (_, printed, _) = Torchae.Run("shapes", "--train-count", "8", "--test-count", "4", "--size", "12", "--hidden", "4,2", "--epochs", "1", "--print-config");
        Write("config.json", Encoding.UTF8.GetBytes(printed));
        ExperimentJson.Parse(printed, "config.json");
        // The gzipped readers: the same MNIST files and PGM image through gzip.
        foreach (var name in Directory.GetFiles(System.IO.Path.Combine(Path, "mnist")))
            Write($"mnist-gz/{System.IO.Path.GetFileName(name)}.gz", Gzip(File.ReadAllBytes(name)));
        Write("image.pgm.gz", Gzip(File.ReadAllBytes(System.IO.Path.Combine(Path, "image.pgm"))));
        // A run stopped inside its second pretraining layer (Adam on mini-batches, masking noise): its checkpoint holds
        // the models, Adam's moments, the loop, the shuffling and the corruption generators. Stopped by cancellation
        // after a chosen epoch, so the checkpoint is the same every time.
        var (_, run, _) = Torchae.Run("shapes", "--train-count", "8", "--test-count", "4", "--size", "12", "--hidden", "4,2", "--epochs", "3",
            "--optimizer", "adam", "--batch-size", "4", "--corruption", "mask:0.25", "--checkpoint-every", "1", "--threads", "1", "--print-config");
        using (var cancel = new CancellationTokenSource())
        {
            try
            {
                Experiment.Run(ExperimentJson.Parse(run, "run"), new RunFolderOptions(System.IO.Path.Combine(Path, "run")), new CancelAfter("pretrain", 2, 2, cancel), cancel.Token);
                throw new InvalidOperationException("the seed run was not stopped inside its second layer");
            }
            catch (OperationCanceledException) { }
        }
        // What its resume gives unmutated: (stage, layer, epoch) of every metrics row; an accepted mutation must give the same.
        var resumed = System.IO.Path.Combine(Path, "resumed");
        ChildRun.CopyFolder(System.IO.Path.Combine(Path, "run"), resumed);
        var (code, _, error) = Torchae.Run("shapes", "--resume", resumed, "--quiet");
        if (code != 0) throw new InvalidOperationException($"the seed run does not resume: {error}");
        ResumedRows = MetricsRows(resumed);
    }

    /// <summary>(stage, layer, epoch) of each row of <c>metrics.csv</c> in <paramref name="run"/>.</summary>
    public static string[] MetricsRows(string run) =>
        File.ReadAllLines(System.IO.Path.Combine(run, "metrics.csv")).Skip(1).Select(l => string.Join(',', l.Split(',').Take(3))).ToArray();

    /// <summary>The seed run resumed without a mutation: the rows every accepted checkpoint must resume to.</summary>
    public string[] ResumedRows { get; }

    static byte[] Gzip(byte[] plain)
    {
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true)) gzip.Write(plain);
        return output.ToArray();
    }

    /// <summary>Cancels the run after <paramref name="epoch"/> of <paramref name="stage"/> layer <paramref name="layer"/>.</summary>
    sealed class CancelAfter(string stage, int layer, int epoch, CancellationTokenSource cancel) : IMetricsSink
    {
        public void Epoch(EpochMetrics metrics)
        {
            if (metrics.Stage == stage && metrics.Layer == layer && metrics.Epoch == epoch) cancel.Cancel();
        }
    }

    public string Path => temp.Path;

    public void Dispose() => temp.Dispose();

    void Write(string name, byte[] bytes)
    {
        var path = System.IO.Path.Combine(Path, name);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
    }

    static byte[] Images(int count)
    {
        var bytes = new byte[16 + count * 16];
        BinaryPrimitives.WriteInt32BigEndian(bytes, MnistReader.ImagesMagic);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), count);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(8), 4);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(12), 4);
        for (int i = 16; i < bytes.Length; i++) bytes[i] = (byte)(i * 7);
        return bytes;
    }

    static byte[] Labels(int count)
    {
        var bytes = new byte[8 + count];
        BinaryPrimitives.WriteInt32BigEndian(bytes, MnistReader.LabelsMagic);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), count);
        for (int i = 0; i < count; i++) bytes[8 + i] = (byte)(i % 3);
        return bytes;
    }
}
