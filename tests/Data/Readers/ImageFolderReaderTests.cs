using TorchAe.Data.Readers;
using TorchAe.Data.Shapes;
using SkiaSharp;
using TorchAe.IO;
using TorchAe.Tests.Support;

namespace TorchAe.Tests.Data.Readers;

public sealed class ImageFolderReaderTests : IDisposable
{
    readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Read_ExportedShapes_RoundTripWithin8BitQuantisation()
    {
        var shapes = ShapesGenerator.Generate(new ShapesOptions { Size = 16 }, 13, 2, ShapesSplit.Train);
        var folder = temp.File("shapes");
        ImageFolderWriter.Write(folder, shapes);
        var read = ImageFolderReader.Read(folder);

        // Classes come back sorted by name, samples by class then by file name (= original index).
        Assert.Equal(["circle", "rectangle", "star", "triangle"], read.ClassNames);
        var expectedOrder = Enumerable.Range(0, shapes.Count)
            .OrderBy(n => shapes.ClassNames[shapes.Labels![n]], StringComparer.Ordinal).ThenBy(n => n).ToArray();
        Assert.Equal((13, 16, 16), (read.Count, read.Width, read.Height));
        for (int k = 0; k < read.Count; k++)
        {
            int n = expectedOrder[k];
            Assert.Equal(shapes.ClassNames[shapes.Labels![n]], read.ClassNames[read.Labels![k]]);
            Assert.Equal(shapes.Sample(n), read.Sample(k), (a, b) => Math.Abs(a - b) <= 0.5f / 255 + 1e-6f);
        }
    }

    [Fact]
    public void Read_ImageOfAnotherSize_RefusedNamingFileAndBothSizes()
    {
        WritePng("a/1.png", 4, 3);
        var odd = WritePng("b/2.png", 5, 3);
        var e = Assert.Throws<DataFormatException>(() => ImageFolderReader.Read(temp.Path));
        Assert.Equal($"{odd}: is 5×3 pixels, but {temp.File("a/1.png")} is 4×3; give a resize (--resize 4x3) to scale every image to one size", e.Message);
    }

    [Fact]
    public void Read_WithResize_AllImagesScaled()
    {
        WritePng("a/1.png", 4, 4, grey: 200);
        WritePng("b/2.jpg", 8, 8, grey: 100, SKEncodedImageFormat.Jpeg);
        temp.WriteText("b/notes.txt", "ignored");
        var data = ImageFolderReader.Read(temp.Path, new ImageFolderOptions { Resize = (6, 5) });
        Assert.Equal((2, 6, 5), (data.Count, data.Width, data.Height));
        Assert.All(data.Sample(0), v => Assert.Equal(200 / 255f, v, 0.01f));
        Assert.All(data.Sample(1), v => Assert.Equal(100 / 255f, v, 0.02f));
    }

    [Fact]
    public void Read_ColourPixel_BecomesRec601Luma()
    {
        using (var bitmap = new SKBitmap(new SKImageInfo(1, 1, SKColorType.Rgba8888, SKAlphaType.Premul)))
        {
            bitmap.SetPixel(0, 0, new SKColor(255, 0, 0));
            temp.Write("red/1.png", bitmap.Encode(SKEncodedImageFormat.Png, 100).ToArray());
        }
        Assert.Equal(0.299f * 255 / 255, ImageFolderReader.Read(temp.Path).Features[0], 1e-6f);
    }

    [Fact]
    public void Read_BadFolders_RefusedWithMessages()
    {
        Assert.Equal($"{temp.Path}: holds no class sub-folders (expected one sub-folder of PNG/JPEG files per class)",
            Assert.Throws<DataFormatException>(() => ImageFolderReader.Read(temp.Path)).Message);
        var missing = temp.File("missing");
        Assert.Equal($"{missing}: no such file or folder", Assert.Throws<DataFormatException>(() => ImageFolderReader.Read(missing)).Message);
        var file = temp.WriteText("file.png", "x");
        Assert.Equal($"{file}: is a file, expected a folder with one sub-folder of images per class",
            Assert.Throws<DataFormatException>(() => ImageFolderReader.Read(file)).Message);
    }

    [Fact]
    public void Read_EmptyClassFolder_RefusedNamingIt()
    {
        WritePng("a/1.png", 2, 2);
        Directory.CreateDirectory(temp.File("b"));
        temp.WriteText("b/readme.txt", "no images");
        Assert.Equal($"{temp.File("b")}: holds no PNG or JPEG files (every class sub-folder needs at least one)",
            Assert.Throws<DataFormatException>(() => ImageFolderReader.Read(temp.Path)).Message);
    }

    [Theory]
    [InlineData("not an image", "cannot be decoded as a PNG or JPEG image")]
    [InlineData("", "empty file (0 bytes)")]
    public void Read_UndecodableImage_RefusedNamingFile(string content, string problem)
    {
        WritePng("a/1.png", 2, 2);
        var bad = temp.WriteText("a/2.png", content);
        Assert.Equal($"{bad}: {problem}", Assert.Throws<DataFormatException>(() => ImageFolderReader.Read(temp.Path)).Message);
    }

    string WritePng(string name, int width, int height, byte grey = 128, SKEncodedImageFormat format = SKEncodedImageFormat.Png)
    {
        var values = Enumerable.Repeat(grey / 255f, width * height).ToArray();
        if (format == SKEncodedImageFormat.Png) return temp.Write(name, ImageFolderWriter.EncodeGrey(values, width, height));
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        bitmap.Erase(new SKColor(grey, grey, grey));
        return temp.Write(name, bitmap.Encode(format, 95).ToArray());
    }
}
