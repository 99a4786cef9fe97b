using TorchAe.IO;
using System.Buffers.Binary;
using System.IO.Compression;

namespace TorchAe.Data.Readers;

/// <summary>Reads a whole data file into memory, gunzipping it when its name ends in .gz or its first bytes are the
/// gzip magic 1F 8B. Every failure becomes a <see cref="DataFormatException"/> naming the file.</summary>
internal static class DataFile
{
    public static byte[] ReadAllBytes(string path)
    {
        byte[] raw;
        try
        {
            if (Directory.Exists(path)) throw new DataFormatException(path, "is a folder, expected a file");
            if (!File.Exists(path)) throw new DataFormatException(path, "no such file or folder");
            raw = File.ReadAllBytes(path);
        }
        catch (UnauthorizedAccessException)
        {
            throw new DataFormatException(path, "cannot be read (permission denied)");
        }
        catch (IOException e)
        {
            throw new DataFormatException(path, $"cannot be read ({e.Message})");
        }
        if (raw.Length == 0) throw new DataFormatException(path, "empty file (0 bytes)");
        bool gzipMagic = raw.Length >= 2 && raw[0] == 0x1F && raw[1] == 0x8B;
        if (path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) && !gzipMagic)
            throw new DataFormatException(path, $"not a gzip file (starts with 0x{raw[0]:X2}{(raw.Length > 1 ? $" 0x{raw[1]:X2}" : "")}, expected 0x1F 0x8B)");
        if (!gzipMagic) return raw;
        var data = Gunzip(path, raw);
        if (data.Length == 0) throw new DataFormatException(path, "empty after decompression (0 bytes)");
        return data;
    }

    /// <summary>Deflate makes at most 1032 bytes of one (RFC 1951's longest match from a 2-bit code): a larger claim is damage.</summary>
    const long MaxExpansion = 1032;

    static byte[] Gunzip(string path, byte[] raw)
    {
        if (raw.Length < 18) throw new DataFormatException(path, $"truncated gzip file: {raw.Length} bytes, a gzip file has at least 18");
        // The trailer's last 4 bytes hold the inflated size mod 2³² of the (last) member. With one member it is the
        // whole size, and inflating stops one byte past it: a stream that expands beyond what its header promises (a
        // decompression bomb, or damage) is refused before it can take the memory. Several members (the trailer then
        // covers only the last) are bounded by deflate's largest expansion and the largest array.
        uint trailer = BinaryPrimitives.ReadUInt32LittleEndian(raw.AsSpan(raw.Length - 4));
        bool oneMember = raw.AsSpan(10).IndexOf([(byte)0x1F, (byte)0x8B, (byte)0x08]) < 0;
        long bound = Math.Min(MaxExpansion * raw.Length, Array.MaxLength);
        if (oneMember && trailer > bound)
            throw new DataFormatException(path, $"truncated or corrupt gzip data: its trailer promises {trailer} bytes, more than {raw.Length} compressed bytes can hold (at most {bound})");
        long limit = oneMember ? trailer : bound;
        try
        {
            using var gzip = new GZipStream(new MemoryStream(raw), CompressionMode.Decompress);
            using var output = new MemoryStream((int)Math.Min(limit, 1L << 26));
            var buffer = new byte[1 << 20];
            int read;
            while ((read = gzip.Read(buffer, 0, (int)Math.Min(buffer.Length, limit + 1 - output.Length))) > 0)
            {
                output.Write(buffer, 0, read);
                if (output.Length > limit)
                    throw new DataFormatException(path, oneMember
                        ? $"corrupt gzip data: it inflates to more than the {trailer} bytes its trailer promises"
                        : $"corrupt gzip data: it inflates to more than {limit} bytes (at most {MaxExpansion} times its {raw.Length} compressed bytes)");
            }
            // GZipStream stops quietly at the end of a truncated file: a size that disagrees with the trailer means
            // truncation or damage.
            if (oneMember && (uint)output.Length != trailer)
                throw new DataFormatException(path, $"truncated or corrupt gzip data: it inflates to {output.Length} bytes, its trailer says {trailer}");
            return output.Length == output.Capacity ? output.GetBuffer() : output.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new DataFormatException(path, $"corrupt gzip data ({MessageText.OneLine(e.Message)})");
        }
    }
}
