using TorchAe.Data.Sets;
using System.Buffers.Binary;
using TorchAe.IO;
using TorchAe.Runtime;

namespace TorchAe.Data.Readers;

/// <summary>MNIST in LeCun's IDX format, raw or gzipped: images (magic 0x00000803: count, rows, columns, then one
/// byte per pixel) scaled to [0, 1] by /255, labels (magic 0x00000801: count, then one byte 0..9 each); class names
/// "0".."9". Headers are big-endian. A file shorter or longer than its header says, image and label counts that
/// disagree, or a label outside 0..9 are refused with a <see cref="DataFormatException"/>.</summary>
public static class MnistReader
{
    /// <summary>The IDX magic numbers of an image file (0x00000803) and of a label file (0x00000801).</summary>
    public const int ImagesMagic = 0x00000803, LabelsMagic = 0x00000801;
    /// <summary>"0" … "9": label k is the digit k.</summary>
    public static IReadOnlyList<string> ClassNames { get; } = Enumerable.Range(0, 10).Select(d => d.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    /// <summary>The training (60,000) and test (10,000) sets from <paramref name="folder"/>, which holds
    /// train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte, each
    /// raw or with .gz.</summary>
    /// <param name="precision">float64: pixels are byte / 255 computed in double (<see cref="Dataset.Features64"/>).</param>
    public static (Dataset Train, Dataset Test) LoadFolder(string folder, Precision precision = Precision.Float32)
    {
        if (File.Exists(folder)) throw new DataFormatException(folder, "is a file, expected the folder holding the four MNIST files");
        if (!Directory.Exists(folder)) throw new DataFormatException(folder, "no such file or folder");
        return (Read(Find(folder, "train-images-idx3-ubyte"), Find(folder, "train-labels-idx1-ubyte"), precision),
                Read(Find(folder, "t10k-images-idx3-ubyte"), Find(folder, "t10k-labels-idx1-ubyte"), precision));
    }

    /// <summary>The labels file beside an images file: "images-idx3" → "labels-idx1" in its name.</summary>
    public static string LabelsBeside(string imagesPath)
    {
        var name = Path.GetFileName(imagesPath);
        if (!name.Contains("images-idx3", StringComparison.Ordinal))
            throw new DataFormatException(imagesPath, "is not named like an MNIST images file (…images-idx3-ubyte[.gz]), so its labels file cannot be found");
        var labels = Path.Combine(Path.GetDirectoryName(imagesPath) ?? "", name.Replace("images-idx3", "labels-idx1", StringComparison.Ordinal));
        return File.Exists(labels) ? labels
            : labels.EndsWith(".gz", StringComparison.Ordinal) && File.Exists(labels[..^3]) ? labels[..^3]
            : File.Exists(labels + ".gz") ? labels + ".gz"
            : throw new DataFormatException(imagesPath, $"its labels file {labels} is missing");
    }

    /// <summary>One images file and its labels file as a labelled data set.</summary>
    /// <param name="precision">float64: pixels are byte / 255 computed in double (<see cref="Dataset.Features64"/>).</param>
    public static Dataset Read(string imagesPath, string labelsPath, Precision precision = Precision.Float32)
    {
        var (bytes, count, rows, columns) = ReadImageBytes(imagesPath);
        var labels = ReadLabels(labelsPath);
        if (labels.Length != count)
            throw new DataFormatException(labelsPath, $"holds {labels.Length} labels but {Path.GetFileName(imagesPath)} holds {count} images");
        var pixels = bytes.AsSpan(16);
        if (precision == Precision.Float64)
        {
            var precise = new double[(long)count * rows * columns];
            for (int i = 0; i < precise.Length; i++) precise[i] = pixels[i] / 255.0;
            return new Dataset(precise, count, rows * columns, labels, ClassNames, columns, rows, imagesPath);
        }
        return new Dataset(Scaled(pixels, (long)count * rows * columns), count, rows * columns, labels, ClassNames, columns, rows, imagesPath);
    }

    /// <summary>Pixels scaled to [0, 1], row-major (count, rows·columns).</summary>
    public static (float[] Features, int Count, int Rows, int Columns) ReadImages(string path)
    {
        var (bytes, count, rows, columns) = ReadImageBytes(path);
        return (Scaled(bytes.AsSpan(16), (long)count * rows * columns), count, rows, columns);
    }

    static float[] Scaled(ReadOnlySpan<byte> pixels, long length)
    {
        var features = new float[length];
        for (int i = 0; i < features.Length; i++) features[i] = pixels[i] / 255f;
        return features;
    }

    static (byte[] Bytes, int Count, int Rows, int Columns) ReadImageBytes(string path)
    {
        var bytes = DataFile.ReadAllBytes(path);
        var header = Header(path, bytes, ImagesMagic, dimensions: 3, "images");
        int count = header[0], rows = header[1], columns = header[2];
        long expected = 16 + (long)count * rows * columns;
        CheckLength(path, bytes.Length, expected, $"{count} images of {rows}×{columns}");
        return (bytes, count, rows, columns);
    }

    /// <summary>The labels of an IDX label file, one digit 0 … 9 per sample.</summary>
    public static int[] ReadLabels(string path)
    {
        var bytes = DataFile.ReadAllBytes(path);
        int count = Header(path, bytes, LabelsMagic, dimensions: 1, "labels")[0];
        CheckLength(path, bytes.Length, 8 + (long)count, $"{count} labels");
        var labels = new int[count];
        for (int i = 0; i < count; i++)
        {
            labels[i] = bytes[8 + i];
            if (labels[i] > 9) throw new DataFormatException(path, $"label {labels[i]} at index {i} is outside 0..9");
        }
        return labels;
    }

    static int[] Header(string path, byte[] bytes, int magic, int dimensions, string kind)
    {
        int headerLength = 4 + 4 * dimensions;
        if (bytes.Length < 4)
            throw new DataFormatException(path, $"truncated: {bytes.Length} bytes, shorter than the {headerLength}-byte IDX {kind} header");
        int found = BinaryPrimitives.ReadInt32BigEndian(bytes);
        if (found != magic)
            throw new DataFormatException(path, $"wrong magic number 0x{found:X8}, expected 0x{magic:X8} (IDX {kind}){Hint(found)}");
        if (bytes.Length < headerLength)
            throw new DataFormatException(path, $"truncated: {bytes.Length} bytes, shorter than the {headerLength}-byte IDX {kind} header");
        var sizes = new int[dimensions];
        for (int d = 0; d < dimensions; d++)
        {
            sizes[d] = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4 + 4 * d));
            if (sizes[d] <= 0) throw new DataFormatException(path, $"the header gives dimension {d + 1} as {sizes[d]}, expected a positive size");
        }
        return sizes;
    }

    static string Hint(int magic) => magic switch
    {
        ImagesMagic => " — this is an images file",
        LabelsMagic => " — this is a labels file",
        _ => "",
    };

    static void CheckLength(string path, long actual, long expected, string what)
    {
        if (actual < expected)
            throw new DataFormatException(path, $"truncated: the header promises {what} ({expected} bytes), the file has {actual} bytes");
        if (actual > expected)
            throw new DataFormatException(path, $"larger than its header claims: {actual} bytes, the header promises {what} ({expected} bytes)");
    }

    static string Find(string folder, string name)
    {
        foreach (var candidate in new[] { name, name + ".gz" })
            if (File.Exists(Path.Combine(folder, candidate))) return Path.Combine(folder, candidate);
        throw new DataFormatException(folder, $"holds no {name} or {name}.gz");
    }
}
