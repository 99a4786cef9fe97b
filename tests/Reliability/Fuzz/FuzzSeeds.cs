using System.Buffers.Binary;
using System.Text;
using TorchAe.Data.Readers;
using TorchAe.Data.Sets;
using TorchAe.Interop;
using TorchAe.Tests.Support;
using TorchAe.Training.Experiment;

namespace TorchAe.Tests.Reliability.Fuzz;

/// <summary>One valid input per reader, made once in a temporary folder: the files every fuzz case starts from. A case
/// copies its reader's seed into a fresh folder and mutates one file there.</summary>
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
