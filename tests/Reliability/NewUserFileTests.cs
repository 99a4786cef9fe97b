using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using TorchAe.Data.Readers;
using TorchAe.Tests.Interop;
using TorchAe.Tests.Reliability.Fuzz;
using TorchAe.Tests.Support;

namespace TorchAe.Tests.Reliability;

/// <summary>Files as a new user brings them, made the way the real tools make them (a download cut short, a spreadsheet's
/// CSV export, PNGs of other bit depths, a .pt that PyTorch saved from something other than a state_dict): each is read
/// or refused with exit 2, one line that says what the file is and what TorchAe needs, and nothing written.</summary>
public sealed class NewUserFileTests
{
    static string Refused(string output, params string[] args)
    {
        var (code, stdout, stderr) = Torchae.Run(args);
        Assert.True(code == 2, $"exit {code}; stdout {stdout}; stderr {stderr}");
        Assert.Equal(1, stderr.Count(c => c == '\n'));
        Assert.DoesNotContain("Exception", stderr);
        Assert.False(Directory.Exists(output) || File.Exists(output), $"{output} was left behind");
        return stderr.TrimEnd('\n');
    }

    static byte[] Idx(int count, int side, bool labels)
    {
        var bytes = new byte[(labels ? 8 : 16) + count * (labels ? 1 : side * side)];
        BinaryPrimitives.WriteInt32BigEndian(bytes, labels ? MnistReader.LabelsMagic : MnistReader.ImagesMagic);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), count);
        if (!labels)
        {
            BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(8), side);
            BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(12), side);
        }
        for (int i = labels ? 8 : 16; i < bytes.Length; i++) bytes[i] = (byte)(labels ? i % 10 : i * 7);
        return bytes;
    }

    static void Mnist(TempFolder dir, byte[] trainImages, string imagesName = "train-images-idx3-ubyte")
    {
        dir.Write($"mnist/{imagesName}", trainImages);
        dir.Write("mnist/train-labels-idx1-ubyte", Idx(50, 28, labels: true));
        dir.Write("mnist/t10k-images-idx3-ubyte", Idx(10, 28, labels: false));
        dir.Write("mnist/t10k-labels-idx1-ubyte", Idx(10, 28, labels: true));
    }

    [Fact]
    public void Dataset_MnistImagesCutMidImage_RefusedWithBothSizes()
    {
        using var dir = new TempFolder();
        Mnist(dir, Idx(50, 28, labels: false)[..(16 + 784 * 20 + 300)]);
        Assert.Equal($"torchae dataset: {dir["mnist/train-images-idx3-ubyte"]}: truncated: the header promises 50 images of 28×28 (39216 bytes), the file has 15996 bytes",
            Refused(dir["out"], "dataset", "mnist", "--data", dir["mnist"], "--out", dir["out"]));
    }

    [Fact]
    public void Dataset_MnistGzipDownloadCutShort_Refused()
    {
        using var dir = new TempFolder();
        var gz = TempFolder.Gzip(Idx(50, 28, labels: false));
        Mnist(dir, gz[..(gz.Length / 2)], "train-images-idx3-ubyte.gz");
        var line = Refused(dir["out"], "dataset", "mnist", "--data", dir["mnist"], "--out", dir["out"]);
        Assert.StartsWith($"torchae dataset: {dir["mnist/train-images-idx3-ubyte.gz"]}: truncated or corrupt gzip data: ", line);
    }

    /// <summary>A spreadsheet's CSV for a decimal-comma locale: BOM, CRLF, ';' between quoted cells, '0,5' decimals. It
    /// was refused as "line 1, column 1: text after the closing quote".</summary>
    [Fact]
    public void Dataset_SpreadsheetCsvWithSemicolonsAndDecimalCommas_RefusedNamingTheSeparator()
    {
        using var dir = new TempFolder();
        var rows = new[] { "\"pixel 1\";\"pixel 2\";\"label\"" }.Concat(Enumerable.Range(0, 12).Select(i => $"\"0,{i % 10}\";\"1,{i % 7}5\";\"{"ab"[i % 2]}\""));
        dir.Write("sheet.csv", [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(string.Join("\r\n", rows) + "\r\n")]);
        Assert.Equal($"torchae dataset: {dir["sheet.csv"]}: line 1: the cells are separated by ';' (a spreadsheet saved for a decimal-comma locale?); TorchAe reads ',' between cells and '.' as the decimal point: save the table with those",
            Refused(dir["out"], "dataset", "csv", "--data", dir["sheet.csv"], "--out", dir["out"]));
    }

    static byte[] Png(int width, int height, byte colourType, byte bitDepth, Func<int, int, byte[]> pixel)
    {
        var raw = new MemoryStream();
        for (int y = 0; y < height; y++)
        {
            raw.WriteByte(0);   // filter: none
            for (int x = 0; x < width; x++) raw.Write(pixel(x, y));
        }
        var compressed = new MemoryStream();
        using (var z = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true)) z.Write(raw.ToArray());
        var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        void Chunk(string type, byte[] data)
        {
            var length = new byte[4];
            BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
            byte[] typed = [.. Encoding.ASCII.GetBytes(type), .. data];
            var crc = new byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(crc, Mutator.Crc32(typed));
            png.Write(length);
            png.Write(typed);
            png.Write(crc);
        }
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = bitDepth;
        header[9] = colourType;
        Chunk("IHDR", header);
        Chunk("IDAT", compressed.ToArray());
        Chunk("IEND", []);
        return png.ToArray();
    }

    /// <summary>A folder whose classes hold a 16-bit grey PNG and an RGBA PNG beside 8-bit grey ones: read as grey, the
    /// 16-bit samples to within one 8-bit step, transparent pixels black, opaque colours by their luma.</summary>
    [Fact]
    public void Dataset_PngFolderWith16BitGreyAndRgba_ReadAsGrey()
    {
        using var dir = new TempFolder();
        for (int i = 0; i < 2; i++)
        {
            dir.Write($"images/a/{i}.png", Png(4, 4, 0, 8, (x, y) => [(byte)(x * 40 + y + i)]));
            dir.Write($"images/b/{i}.png", Png(4, 4, 0, 8, (x, y) => [(byte)(y * 40 + x + i)]));
        }
        static int Sixteen(int x, int y) => x * 16000 + y * 300;
        dir.Write("images/a/z16.png", Png(4, 4, 0, 16, (x, y) => [(byte)(Sixteen(x, y) >> 8), (byte)Sixteen(x, y)]));
        // Left half opaque (200, 100, 50), right half fully transparent.
        dir.Write("images/b/zrgba.png", Png(4, 4, 6, 8, (x, _) => [200, 100, 50, (byte)(x < 2 ? 255 : 0)]));

        var (code, _, error) = Torchae.Run("dataset", "folder", "--data", dir["images"], "--out", dir["out"]);
        Assert.True(code == 0, error);

        var set = ImageFolderReader.Read(dir["images"]);
        Assert.Equal(6, set.Count);
        // Ordinal order: a/0, a/1, a/z16, b/0, b/1, b/zrgba.
        var grey16 = set.Features.AsSpan(2 * 16, 16).ToArray();
        for (int p = 0; p < 16; p++)
            Assert.True(Math.Abs(grey16[p] - Sixteen(p % 4, p / 4) / 65535.0) <= 1 / 255.0 + 1e-6, $"16-bit pixel {p}: {grey16[p]}");
        var rgba = set.Features.AsSpan(5 * 16, 16).ToArray();
        float luma = (0.299f * 200 + 0.587f * 100 + 0.114f * 50) / 255f;
        for (int p = 0; p < 16; p++) Assert.Equal(p % 4 < 2 ? luma : 0f, rgba[p]);
    }

    /// <summary>What PyTorch 1.13's own torch.save writes when given something other than a state_dict: a whole module,
    /// a training checkpoint's dict, a bare tensor, and the legacy (pre-1.6) format. The last was refused as a
    /// safetensors file with an absurd header length; the checkpoint as "'epoch' is not a tensor" alone.</summary>
    [PyTorchFact]
    public void Import_PtSavedByPyTorchFromNoStateDict_RefusedSayingWhatItHolds()
    {
        using var dir = new TempFolder();
        File.WriteAllText(dir["make.py"], $$"""
            import torch
            class Net(torch.nn.Module):
                def __init__(self):
                    super().__init__()
                    self.encoder = torch.nn.Linear(12, 6)
            net = Net()
            torch.save(net, "{{dir["module.pt"]}}")
            torch.save({"epoch": 3, "model_state_dict": net.state_dict()}, "{{dir["checkpoint.pt"]}}")
            torch.save(torch.zeros(3, 4), "{{dir["tensor.pt"]}}")
            torch.save(net.state_dict(), "{{dir["legacy.pt"]}}", _use_new_zipfile_serialization=False)
            """);
        var (code, _, error) = PythonTorch.Run([dir["make.py"]], TimeSpan.FromSeconds(120));
        Assert.True(code == 0, error);

        string Import(string name) => Refused(dir["out"], "import", "--file", dir[name], "--out", dir["out"]);
        Assert.Contains("the pickle names the global __main__.Net, which a state_dict never needs; nothing in a file is run", Import("module.pt"));
        Assert.Contains("'epoch' is not a tensor; a state_dict maps names to tensors only (a training checkpoint's dict? save its model's state_dict() alone)", Import("checkpoint.pt"));
        Assert.Contains("the pickle holds no dict of tensors (a state_dict)", Import("tensor.pt"));
        Assert.Equal($"torchae import: {dir["legacy.pt"]}: a .pt in PyTorch's legacy format (a bare pickle, as before PyTorch 1.6 or with _use_new_zipfile_serialization=False); TorchAe reads the zip format: load it in PyTorch and torch.save it again",
            Import("legacy.pt"));
    }
}
