using System.Globalization;
using System.Text;
using TorchAe.IO;

namespace TorchAe.Data.Readers;

/// <summary>A grey image from a binary PGM (P5) file, raw or gzipped: 8-bit (maxval ≤ 255) or 16-bit big-endian
/// (maxval ≤ 65535) samples, '#' comments allowed in the header. <see cref="Pixels"/> are the samples divided by
/// <see cref="MaxValue"/>, row by row, in [0, 1].</summary>
public sealed record PgmImage(int Width, int Height, int MaxValue, float[] Pixels)
{
    /// <summary>Reads a PGM file; a header or size that breaks the format throws <see cref="DataFormatException"/>.</summary>
    public static PgmImage Read(string path)
    {
        var bytes = DataFile.ReadAllBytes(path);
        if (bytes.Length < 2 || bytes[0] != 'P' || bytes[1] != '5')
        {
            var head = bytes.AsSpan(0, Math.Min(2, bytes.Length)).ToArray();
            var start = head.All(b => b is >= 0x21 and < 0x7F) ? $"'{Encoding.ASCII.GetString(head)}'" : string.Join(" ", head.Select(b => $"0x{b:X2}"));
            throw new DataFormatException(path, $"not a binary PGM: starts with {start}, expected 'P5'");
        }
        int position = 2;
        int width = HeaderNumber(path, bytes, ref position, "width");
        int height = HeaderNumber(path, bytes, ref position, "height");
        int maxValue = HeaderNumber(path, bytes, ref position, "maxval");
        if (maxValue > 65535) throw new DataFormatException(path, $"maxval {maxValue} is outside 1..65535");
        if (position >= bytes.Length || !IsSpace(bytes[position]))
            throw new DataFormatException(path, "truncated: the header ends without the whitespace byte before the pixels");
        position++; // exactly one whitespace byte separates the header from the pixels

        int bytesPerSample = maxValue > 255 ? 2 : 1;
        long expected = (long)width * height * bytesPerSample, actual = bytes.Length - position;
        string what = $"{width}×{height} pixels of {bytesPerSample} byte{(bytesPerSample == 2 ? "s" : "")} ({expected} bytes)";
        if (actual < expected) throw new DataFormatException(path, $"truncated: the header promises {what}, {actual} bytes follow it");
        if (actual > expected) throw new DataFormatException(path, $"larger than its header claims: {actual} bytes follow the header, which promises {what}");

        var pixels = new float[(long)width * height];
        for (int i = 0; i < pixels.Length; i++)
        {
            int sample = bytesPerSample == 1 ? bytes[position + i] : bytes[position + 2 * i] << 8 | bytes[position + 2 * i + 1];
            if (sample > maxValue) throw new DataFormatException(path, $"pixel {i} (x {i % width}, y {i / width}) is {sample}, above maxval {maxValue}");
            pixels[i] = sample / (float)maxValue;
        }
        return new PgmImage(width, height, maxValue, pixels);
    }

    /// <summary>Writes a P5 file (atomically): samples round(Pixels × MaxValue), 1 byte each up to maxval 255, else 2.</summary>
    public void Write(string path)
    {
        if (Pixels.Length != (long)Width * Height) throw new ArgumentException($"{Pixels.Length} pixels, expected {Width}×{Height}");
        if (MaxValue is < 1 or > 65535) throw new ArgumentException($"maxval {MaxValue} is outside 1..65535");
        int bytesPerSample = MaxValue > 255 ? 2 : 1;
        var header = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"P5\n{Width} {Height}\n{MaxValue}\n"));
        var data = new byte[header.Length + (long)Width * Height * bytesPerSample];
        header.CopyTo(data, 0);
        for (int i = 0; i < Pixels.Length; i++)
        {
            int sample = (int)Math.Round(Math.Clamp(Pixels[i], 0f, 1f) * MaxValue);
            if (bytesPerSample == 1) data[header.Length + i] = (byte)sample;
            else { data[header.Length + 2 * i] = (byte)(sample >> 8); data[header.Length + 2 * i + 1] = (byte)sample; }
        }
        AtomicFile.WriteBytes(path, data);
    }

    static int HeaderNumber(string path, byte[] bytes, ref int position, string field)
    {
        // Whitespace and '#' comments (to the end of the line) may precede each number.
        while (position < bytes.Length && (IsSpace(bytes[position]) || bytes[position] == '#'))
        {
            if (bytes[position] == '#') while (position < bytes.Length && bytes[position] != '\n') position++;
            else position++;
        }
        int start = position;
        long value = 0;
        while (position < bytes.Length && bytes[position] is >= (byte)'0' and <= (byte)'9' && position - start < 10)
            value = value * 10 + (bytes[position++] - '0');
        if (position == start)
        {
            var found = position < bytes.Length ? $"'{(char)bytes[position]}'" : "the end of the file";
            throw new DataFormatException(path, $"malformed PGM header: expected the {field} (a positive integer), found {found}");
        }
        if (value <= 0 || value > int.MaxValue)
            throw new DataFormatException(path, $"malformed PGM header: {field} {value} is not a positive integer");
        return (int)value;
    }

    static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' or 0x0B or 0x0C;
}
