using TorchAe.Data.Sets;
using SkiaSharp;
using TorchAe.IO;
using TorchAe.Runtime;

namespace TorchAe.Data.Readers;

/// <summary>A folder with one sub-folder per class of PNG or JPEG files (.png, .jpg, .jpeg, any case; other files are
/// ignored), the layout torchvision's ImageFolder reads. Class names are the sub-folder names sorted ordinally;
/// within a class the files are taken in ordinal name order. Pixels become grey in [0, 1] with ITU-R 601 luma
/// (0.299 R + 0.587 G + 0.114 B, as PIL's "L" mode), transparent pixels composited on black. Images whose size
/// differs from the first image's are refused unless a resize is given.</summary>
public static class ImageFolderReader
{
    static readonly string[] Extensions = [".png", ".jpg", ".jpeg"];

    /// <summary>Reads the class folders under <paramref name="folder"/> as above; a file or folder that breaks a rule throws <see cref="DataFormatException"/> naming it.</summary>
    /// <param name="precision">float64: the luma and the division by 255 in double (<see cref="Dataset.Features64"/>).</param>
    public static Dataset Read(string folder, ImageFolderOptions? options = null, Precision precision = Precision.Float32)
    {
        options ??= new ImageFolderOptions();
        if (File.Exists(folder)) throw new DataFormatException(folder, "is a file, expected a folder with one sub-folder of images per class");
        if (!Directory.Exists(folder)) throw new DataFormatException(folder, "no such file or folder");
        string[] classFolders;
        try
        {
            classFolders = Directory.GetDirectories(folder).Where(d => !Path.GetFileName(d).StartsWith('.')).Order(StringComparer.Ordinal).ToArray();
        }
        catch (UnauthorizedAccessException)
        {
            throw new DataFormatException(folder, "cannot be read (permission denied)");
        }
        if (classFolders.Length == 0)
            throw new DataFormatException(folder, "holds no class sub-folders (expected one sub-folder of PNG/JPEG files per class)");

        var files = new List<(string Path, int Label)>();
        for (int c = 0; c < classFolders.Length; c++)
        {
            var images = Directory.GetFiles(classFolders[c])
                .Where(f => Extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
                .Order(StringComparer.Ordinal).ToArray();
            if (images.Length == 0) throw new DataFormatException(classFolders[c], "holds no PNG or JPEG files (every class sub-folder needs at least one)");
            files.AddRange(images.Select(f => (f, c)));
        }

        // Every header first (sizes within bounds and, without a resize, all alike), then the pixels: a refused folder
        // decodes nothing, and the features are allocated once their size is known to be sane.
        var first = files[0].Path;
        var (width, height) = options.Resize ?? HeaderSize(first);
        foreach (var (path, _) in files)
        {
            var (w, h) = HeaderSize(path);
            if (options.Resize is null && (w != width || h != height))
                throw new DataFormatException(path, $"is {w}×{h} pixels, but {first} is {width}×{height}; give a resize (--resize {width}x{height}) to scale every image to one size");
        }
        if ((long)files.Count * width * height > Dataset.MaxValues)
            throw new DataFormatException(folder, $"{files.Count} images of {width}×{height} pixels make {(long)files.Count * width * height} values; at most {Dataset.MaxValues} are allowed");
        bool precise = precision == Precision.Float64;
        var features = new float[precise ? 0 : (long)files.Count * width * height];
        var features64 = new double[precise ? (long)files.Count * width * height : 0];
        for (int n = 0; n < files.Count; n++)
        {
            using var bitmap = Decode(files[n].Path);
            if (options.Resize is null && (bitmap.Width != width || bitmap.Height != height))
                throw new DataFormatException(files[n].Path, $"decodes to {bitmap.Width}×{bitmap.Height} pixels, but its header says {width}×{height}");
            int at = checked(n * width * height);
            Grey(files[n].Path, bitmap, width, height, precise ? default : features.AsSpan(at, width * height),
                precise ? features64.AsSpan(at, width * height) : default);
        }
        var labels = files.Select(f => f.Label).ToArray();
        var classNames = classFolders.Select(Path.GetFileName).ToArray();
        return precise ? new Dataset(features64, files.Count, width * height, labels, classNames!, width, height, folder)
            : new Dataset(features, files.Count, width * height, labels, classNames!, width, height, folder);
    }

    /// <summary>The most pixels one image may have (2²⁶, e.g. 8192 × 8192).</summary>
    const long MaxPixels = 1L << 26;

    /// <summary>The image's size as its header gives it, before any pixel is decoded: a damaged header can claim
    /// 2³¹ × 2³¹ pixels.</summary>
    static (int Width, int Height) HeaderSize(string path)
    {
        try
        {
            if (new FileInfo(path).Length == 0) throw new DataFormatException(path, "empty file (0 bytes)");
            using var codec = SKCodec.Create(path) ?? throw new DataFormatException(path, "cannot be decoded as a PNG or JPEG image");
            var (width, height) = (codec.Info.Width, codec.Info.Height);
            return width > 0 && height > 0 && (long)width * height <= MaxPixels ? (width, height)
                : throw new DataFormatException(path, $"its header gives {width}×{height} pixels; at most {MaxPixels} pixels per image are allowed");
        }
        catch (UnauthorizedAccessException)
        {
            throw new DataFormatException(path, "cannot be read (permission denied)");
        }
        catch (IOException e)
        {
            throw new DataFormatException(path, $"cannot be read ({MessageText.OneLine(e.Message)})");
        }
    }

    static SKBitmap Decode(string path)
    {
        try
        {
            HeaderSize(path);
            return SKBitmap.Decode(path) ?? throw new DataFormatException(path, "cannot be decoded as a PNG or JPEG image");
        }
        catch (UnauthorizedAccessException)
        {
            throw new DataFormatException(path, "cannot be read (permission denied)");
        }
        catch (IOException e)
        {
            throw new DataFormatException(path, $"cannot be read ({e.Message})");
        }
    }

    /// <summary>Into <paramref name="target"/> (float32) or, when that is empty, <paramref name="target64"/> (float64).</summary>
    static void Grey(string path, SKBitmap bitmap, int width, int height, Span<float> target, Span<double> target64)
    {
        // Converting (and resampling) into premultiplied RGBA makes transparent pixels black.
        using var rgba = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        if (!bitmap.ScalePixels(rgba, new SKSamplingOptions(SKCubicResampler.Mitchell)))
            throw new DataFormatException(path, $"cannot be converted to {width}×{height} RGBA");
        var bytes = rgba.GetPixelSpan();
        for (int i = 0; i < width * height; i++)
        {
            int at = i / width * rgba.RowBytes + i % width * 4;
            byte r = bytes[at], g = bytes[at + 1], b = bytes[at + 2];
            // A grey pixel stays exactly its value; a coloured one gets its luma.
            if (target64.Length > 0) target64[i] = (r == g && g == b ? r : 0.299 * r + 0.587 * g + 0.114 * b) / 255.0;
            else target[i] = (r == g && g == b ? r : 0.299f * r + 0.587f * g + 0.114f * b) / 255f;
        }
    }
}
