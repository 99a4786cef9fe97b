using System.Globalization;
using SkiaSharp;
using TorchAe.Data.Sets;

namespace TorchAe.Data.Readers;

/// <summary>Writes an image data set in the layout <see cref="ImageFolderReader"/> reads: FOLDER/&lt;class&gt;/&lt;index&gt;.png,
/// 8-bit grey, value round(255·x) of x clipped to [0, 1], index = the sample's position zero-padded to five or more
/// digits. Nothing half-written: the files go into a hidden sibling folder that is renamed to FOLDER at the end;
/// FOLDER must not exist yet or be empty.</summary>
public static class ImageFolderWriter
{
    /// <summary>Writes <paramref name="data"/> (labelled images only) to <paramref name="folder"/> as above.</summary>
    public static void Write(string folder, Dataset data)
    {
        if (!data.IsImage || data.Labels is null) throw new ArgumentException($"{data.Source} is not a labelled image set", nameof(data));
        var full = Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar);
        if (File.Exists(full) || (Directory.Exists(full) && Directory.EnumerateFileSystemEntries(full).Any()))
            throw new IOException($"{folder} already exists and is not an empty folder");
        var staging = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            foreach (var name in data.ClassNames) Directory.CreateDirectory(Path.Combine(staging, name));
            int digits = Math.Max(5, data.Count.ToString(CultureInfo.InvariantCulture).Length);
            for (int n = 0; n < data.Count; n++)
            {
                var file = Path.Combine(staging, data.ClassNames[data.Labels[n]], n.ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0') + ".png");
                File.WriteAllBytes(file, EncodeGrey(data.Features.AsSpan(n * data.FeatureCount, data.FeatureCount), data.Width, data.Height));
            }
            if (Directory.Exists(full)) Directory.Delete(full);
            Directory.Move(staging, full);
        }
        finally
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        }
    }

    /// <summary>An 8-bit grey PNG of width×height values in [0, 1] (clipped).</summary>
    public static byte[] EncodeGrey(ReadOnlySpan<float> values, int width, int height)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Gray8, SKAlphaType.Opaque));
        var pixels = bitmap.GetPixelSpan();
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                pixels[y * bitmap.RowBytes + x] = (byte)Math.Round(Math.Clamp(values[y * width + x], 0f, 1f) * 255f);
        using var png = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }
}
