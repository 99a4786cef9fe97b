using TorchAe.Data.Readers;
using TorchAe.IO;
using System.Text;
using TorchAe.Tests.Support;

namespace TorchAe.Tests.Data.Readers;

public sealed class PgmImageTests : IDisposable
{
    readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Theory]
    [InlineData(255)]
    [InlineData(100)]
    [InlineData(65535)]
    [InlineData(1000)]
    public void WriteThenRead_RoundTrip(int maxValue)
    {
        var pixels = Enumerable.Range(0, 15).Select(i => (float)Math.Round(i / 14.0 * maxValue) / maxValue).ToArray();
        var path = temp.File("a.pgm");
        new PgmImage(5, 3, maxValue, pixels).Write(path);
        var read = PgmImage.Read(path);
        Assert.Equal((5, 3, maxValue), (read.Width, read.Height, read.MaxValue));
        Assert.Equal(pixels, read.Pixels, (a, b) => Math.Abs(a - b) < 1e-6);
        Assert.Equal(maxValue > 255 ? 30 : 15, new FileInfo(path).Length - Encoding.ASCII.GetByteCount($"P5\n5 3\n{maxValue}\n"));
    }

    [Fact]
    public void Read_GzippedWithComments_Parsed()
    {
        var bytes = Encoding.ASCII.GetBytes("P5 # a comment\n# another\n2 2\t255\n").Concat(new byte[] { 0, 51, 204, 255 }).ToArray();
        var image = PgmImage.Read(temp.Write("a.pgm.gz", TempFolder.Gzip(bytes)));
        Assert.Equal([0f, 0.2f, 0.8f, 1f], image.Pixels);
    }

    public static TheoryData<string, byte[], string> BadFiles => new()
    {
        { "ascii.pgm", "P2\n2 2\n255\n0 0 0 0\n"u8.ToArray(), "not a binary PGM: starts with 'P2', expected 'P5'" },
        { "png.pgm", [0x89, 0x50, 0x4E, 0x47], "not a binary PGM: starts with 0x89 0x50, expected 'P5'" },
        { "truncated.pgm", [.. "P5\n2 2\n255\n"u8.ToArray(), 1, 2, 3], "truncated: the header promises 2×2 pixels of 1 byte (4 bytes), 3 bytes follow it" },
        { "long.pgm", [.. "P5\n2 2\n255\n"u8.ToArray(), 1, 2, 3, 4, 5], "larger than its header claims: 5 bytes follow the header, which promises 2×2 pixels of 1 byte (4 bytes)" },
        { "wide.pgm", [.. "P5\n2 1\n1000\n"u8.ToArray(), 0, 1, 2], "truncated: the header promises 2×1 pixels of 2 bytes (4 bytes), 3 bytes follow it" },
        { "maxval0.pgm", [.. "P5\n2 2\n0\n"u8.ToArray(), 1, 2, 3, 4], "malformed PGM header: maxval 0 is not a positive integer" },
        { "maxval.pgm", [.. "P5\n2 2\n70000\n"u8.ToArray(), 1, 2, 3, 4], "maxval 70000 is outside 1..65535" },
        { "width.pgm", "P5\nx 2\n255\n"u8.ToArray(), "malformed PGM header: expected the width (a positive integer), found 'x'" },
        { "header.pgm", "P5\n2 2"u8.ToArray(), "malformed PGM header: expected the maxval (a positive integer), found the end of the file" },
        { "above.pgm", [.. "P5\n2 1\n100\n"u8.ToArray(), 50, 101], "pixel 1 (x 1, y 0) is 101, above maxval 100" },
        { "empty.pgm.gz", [], "empty file (0 bytes)" },
        { "plain.pgm.gz", "P5\n1 1\n255\n\0"u8.ToArray(), "not a gzip file (starts with 0x50 0x35, expected 0x1F 0x8B)" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void Read_BadFile_RefusedNamingFileAndProblem(string name, byte[] bytes, string problem)
    {
        var path = temp.Write(name, bytes);
        var e = Assert.Throws<DataFormatException>(() => PgmImage.Read(path));
        Assert.Equal($"{path}: {problem}", e.Message);
    }
}
