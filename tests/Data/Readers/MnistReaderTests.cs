using TorchAe.Data.Readers;
using TorchAe.IO;
using System.Buffers.Binary;
using System.Diagnostics;
using TorchAe.Tests.Support;
using Xunit.Abstractions;

namespace TorchAe.Tests.Data.Readers;

public sealed class MnistReaderTests(ITestOutputHelper output) : IDisposable
{
    readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [SharedDataFact]
    public void LoadFolder_SharedCopy_LabelHistogramsAndFirstLabelsMatch()
    {
        var clock = Stopwatch.StartNew();
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        var (train, test) = MnistReader.LoadFolder(SharedData.Path("mnist"));
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        // What the reading cannot do without: each file's compressed bytes and its inflated bytes, and the float32
        // features and int labels of the 70,000 samples.
        long files = Directory.GetFiles(SharedData.Path("mnist")).Sum(f => new FileInfo(f).Length);
        long inflated = 16 + 60_000L * 784 + 8 + 60_000 + 16 + 10_000L * 784 + 8 + 10_000;
        long needed = files + inflated + 70_000L * 784 * sizeof(float) + 70_000L * sizeof(int);
        output.WriteLine($"MNIST 60,000 + 10,000 loaded in {clock.Elapsed.TotalSeconds:0.00} s, {allocated:N0} bytes allocated ({needed:N0} needed)");
        Assert.Equal([5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949], train.ClassCounts());
        Assert.Equal([980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009], test.ClassCounts());
        Assert.Equal([5, 0, 4, 1, 9], train.Labels![..5]);
        Assert.Equal([7, 2, 1, 0, 4], test.Labels![..5]);
        Assert.Equal((784, 28, 28), (train.FeatureCount, train.Width, train.Height));
        Assert.Equal((0f, 1f), (train.Features.Min(), train.Features.Max()));
        Assert.Equal(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"], train.ClassNames);
        // Bytes, not seconds: a wall-clock bound failed on a loaded machine (16 s), while one more copy of the inflated
        // images (47 MB) or of the features (188 MB) is a regression on any machine.
        Assert.InRange(allocated, needed, needed + needed / 10);
    }

    [Fact]
    public void Read_SmallRawFiles_PixelsScaledAndLabelsKept()
    {
        var data = MnistReader.Read(temp.Write("i", Images(3, 2, 2)), temp.Write("l", Labels(3)));
        Assert.Equal((3, 4, 2, 2), (data.Count, data.FeatureCount, data.Width, data.Height));
        Assert.Equal(Enumerable.Range(0, 12).Select(i => i * 20 / 255f), data.Features);
        Assert.Equal([0, 1, 2], data.Labels!);
    }

    [Fact]
    public void LoadFolder_GzippedFiles_SameAsRaw()
    {
        temp.Write("raw/train-images-idx3-ubyte", Images(3, 2, 2)); temp.Write("raw/train-labels-idx1-ubyte", Labels(3));
        temp.Write("raw/t10k-images-idx3-ubyte", Images(2, 2, 2)); temp.Write("raw/t10k-labels-idx1-ubyte", Labels(2));
        temp.Write("gz/train-images-idx3-ubyte.gz", TempFolder.Gzip(Images(3, 2, 2))); temp.Write("gz/train-labels-idx1-ubyte.gz", TempFolder.Gzip(Labels(3)));
        temp.Write("gz/t10k-images-idx3-ubyte.gz", TempFolder.Gzip(Images(2, 2, 2))); temp.Write("gz/t10k-labels-idx1-ubyte.gz", TempFolder.Gzip(Labels(2)));
        var raw = MnistReader.LoadFolder(temp.File("raw"));
        var gz = MnistReader.LoadFolder(temp.File("gz"));
        Assert.Equal(raw.Train.Features, gz.Train.Features);
        Assert.Equal(raw.Test.Labels, gz.Test.Labels);
        Assert.Equal(2, gz.Test.Count);
    }

    [Fact]
    public void LabelsBeside_ImagesFile_FindsGzippedLabels()
    {
        var images = temp.Write("train-images-idx3-ubyte.gz", TempFolder.Gzip(Images(3, 2, 2)));
        var labels = temp.Write("train-labels-idx1-ubyte.gz", TempFolder.Gzip(Labels(3)));
        Assert.Equal(labels, MnistReader.LabelsBeside(images));
    }

    public static TheoryData<string, byte[], string> BadImageFiles => new()
    {
        { "labels-as-images", Labels(3), "wrong magic number 0x00000801, expected 0x00000803 (IDX images) — this is a labels file" },
        { "garbage", "hello world, this is text"u8.ToArray(), "wrong magic number 0x68656C6C, expected 0x00000803 (IDX images)" },
        { "short-header", Images(3, 2, 2)[..10], "truncated: 10 bytes, shorter than the 16-byte IDX images header" },
        { "truncated", Images(3, 2, 2)[..^1], "truncated: the header promises 3 images of 2×2 (28 bytes), the file has 27 bytes" },
        { "too-long", [.. Images(3, 2, 2), 0, 0], "larger than its header claims: 30 bytes, the header promises 3 images of 2×2 (28 bytes)" },
        { "zero-rows", Images(3, 0, 2), "the header gives dimension 2 as 0, expected a positive size" },
        { "empty", [], "empty file (0 bytes)" },
        { "empty.gz", [], "empty file (0 bytes)" },
        { "text.gz", "not gzip"u8.ToArray(), "not a gzip file (starts with 0x6E 0x6F, expected 0x1F 0x8B)" },
        // The trailer read from the middle of the stream promises more than deflate can make of the file's bytes.
        { "truncated.gz", FirstHalf(TempFolder.Gzip(Images(300, 28, 28))), $"truncated or corrupt gzip data: its trailer promises 4027564095 bytes, more than {FirstHalf(TempFolder.Gzip(Images(300, 28, 28))).Length} compressed bytes can hold (at most {1032L * FirstHalf(TempFolder.Gzip(Images(300, 28, 28))).Length})" },
        { "stub.gz", [0x1F, 0x8B, 8], "truncated gzip file: 3 bytes, a gzip file has at least 18" },
        { "empty-inside.gz", [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0], "empty after decompression (0 bytes)" },
    };

    [Theory]
    [MemberData(nameof(BadImageFiles))]
    public void ReadImages_BadFile_RefusedNamingFileAndProblem(string name, byte[] bytes, string problem)
    {
        var path = temp.Write(name, bytes);
        var e = Assert.Throws<DataFormatException>(() => MnistReader.ReadImages(path));
        Assert.Equal($"{path}: {problem}", e.Message);
    }

    [Fact]
    public void Read_LabelOutOfRange_RefusedWithIndex()
    {
        var labels = Labels(3);
        labels[^1] = 10;
        var path = temp.Write("l", labels);
        var e = Assert.Throws<DataFormatException>(() => MnistReader.Read(temp.Write("i", Images(3, 2, 2)), path));
        Assert.Equal($"{path}: label 10 at index 2 is outside 0..9", e.Message);
    }

    [Fact]
    public void Read_CountsDisagree_RefusedNamingBoth()
    {
        var labels = temp.Write("l", Labels(2));
        var e = Assert.Throws<DataFormatException>(() => MnistReader.Read(temp.Write("i", Images(3, 2, 2)), labels));
        Assert.Equal($"{labels}: holds 2 labels but i holds 3 images", e.Message);
    }

    [Fact]
    public void ReadLabels_TooLong_Refused()
    {
        var path = temp.Write("l", [.. Labels(3), 1]);
        Assert.Equal($"{path}: larger than its header claims: 12 bytes, the header promises 3 labels (11 bytes)",
            Assert.Throws<DataFormatException>(() => MnistReader.ReadLabels(path)).Message);
    }

    [Fact]
    public void LoadFolder_MissingFileOrPath_Refused()
    {
        temp.Write("partial/train-images-idx3-ubyte", Images(3, 2, 2));
        var partial = temp.File("partial");
        Assert.Equal($"{partial}: holds no train-labels-idx1-ubyte or train-labels-idx1-ubyte.gz",
            Assert.Throws<DataFormatException>(() => MnistReader.LoadFolder(partial)).Message);
        var missing = temp.File("nowhere");
        Assert.Equal($"{missing}: no such file or folder", Assert.Throws<DataFormatException>(() => MnistReader.LoadFolder(missing)).Message);
        Assert.Equal($"{missing}: no such file or folder", Assert.Throws<DataFormatException>(() => MnistReader.ReadImages(missing)).Message);
        Assert.Equal($"{partial}: is a folder, expected a file", Assert.Throws<DataFormatException>(() => MnistReader.ReadImages(partial)).Message);
    }

    [NotRootFact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void ReadImages_UnreadableFile_Refused()
    {
        var path = temp.Write("locked", Images(1, 2, 2));
        File.SetUnixFileMode(path, UnixFileMode.None);
        Assert.Equal($"{path}: cannot be read (permission denied)", Assert.Throws<DataFormatException>(() => MnistReader.ReadImages(path)).Message);
    }

    static byte[] FirstHalf(byte[] bytes) => bytes[..(bytes.Length / 2)];

    /// <summary>An IDX images file with pixel i = (20·i) mod 256.</summary>
    [Fact]
    public void Read_Float64_PixelsAreTheBytesOver255InDouble()
    {
        var bytes = Images(3, 2, 2);
        var data = MnistReader.Read(temp.Write("i", bytes), temp.Write("l", Labels(3)), TorchAe.Runtime.Precision.Float64);
        var expected = bytes[16..].Select(b => b / 255.0).ToArray();
        Assert.Equal(expected, data.Features64!);
        using var x = data.FeaturesTensor(TorchSharp.torch.ScalarType.Float64, TorchSharp.torch.CPU);
        Assert.Equal(expected, x.data<double>().ToArray());
        // Through float32 the same pixel would be 20/255 rounded: 6e-9 away, what float64 runs used to see.
        Assert.NotEqual(20 / 255.0, (double)(20 / 255f));
    }

    [SharedDataFact]
    public void Read_Float64SharedTestSet_FirstImageEqualsTheRawFileOver255()
    {
        using var gz = new System.IO.Compression.GZipStream(File.OpenRead(SharedData.Path("mnist", "t10k-images-idx3-ubyte.gz")), System.IO.Compression.CompressionMode.Decompress);
        var raw = new byte[16 + 784];
        gz.ReadExactly(raw);
        var test = MnistReader.Read(SharedData.Path("mnist", "t10k-images-idx3-ubyte.gz"), SharedData.Path("mnist", "t10k-labels-idx1-ubyte.gz"), TorchAe.Runtime.Precision.Float64);
        Assert.Equal(raw[16..].Select(b => b / 255.0), test.Features64![..784]);
    }

    static byte[] Images(int count, int rows, int columns)
    {
        var bytes = new byte[16 + count * rows * columns];
        BinaryPrimitives.WriteInt32BigEndian(bytes, MnistReader.ImagesMagic);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), count);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(8), rows);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(12), columns);
        for (int i = 16; i < bytes.Length; i++) bytes[i] = (byte)(20 * (i - 16));
        return bytes;
    }

    /// <summary>An IDX labels file with labels 0, 1, 2, … mod 10.</summary>
    static byte[] Labels(int count)
    {
        var bytes = new byte[8 + count];
        BinaryPrimitives.WriteInt32BigEndian(bytes, MnistReader.LabelsMagic);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), count);
        for (int i = 0; i < count; i++) bytes[8 + i] = (byte)(i % 10);
        return bytes;
    }
}
