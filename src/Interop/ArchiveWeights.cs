using System.Text;
using TorchAe.IO;
using static TorchSharp.torch;

namespace TorchAe.Interop;

/// <summary>Checks model.dat (TorchSharp's <c>Module.save</c> layout: a 7-bit-encoded entry count, then per entry the
/// name as a length-prefixed UTF-8 string, the dtype, the rank and each dimension 7-bit encoded, and the raw
/// little-endian elements) against the names, shapes and dtypes model.json implies, before TorchSharp reads it:
/// TorchSharp allocates whatever rank and size the file gives, so a damaged byte could otherwise ask for gigabytes.</summary>
static class ArchiveWeights
{
    /// <summary>Refuses, naming the entry and the byte offset, a model.dat whose layout differs from
    /// <paramref name="expected"/> (name → shape and dtype) in any entry, order aside, or that ends early or late.</summary>
    public static void Check(string path, IReadOnlyDictionary<string, (long[] Shape, ScalarType DType)> expected)
    {
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new DataFormatException(path, $"cannot be read ({MessageText.OneLine(e.Message)})"); }
        int position = 0;
        long count = Decode(path, bytes, ref position, "the entry count");
        if (count != expected.Count)
            throw new DataFormatException(path, $"byte 0: {count} entries, model.json describes {expected.Count} ({string.Join(", ", expected.Keys)})");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (long i = 0; i < count; i++)
        {
            int at = position;
            long length = Decode(path, bytes, ref position, $"the length of entry {i}'s name");
            if (length > 1000 || length > bytes.Length - position)
                throw new DataFormatException(path, $"byte {at}: entry {i}'s name is {length} bytes long (at most 1000, and within the file)");
            string name;
            try { name = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, position, (int)length); }
            catch (DecoderFallbackException) { throw new DataFormatException(path, $"byte {position}: entry {i}'s name is not UTF-8"); }
            position += (int)length;
            if (!expected.TryGetValue(name, out var want))
                throw new DataFormatException(path, $"byte {at}: entry '{MessageText.OneLine(name)}' is not one model.json describes ({string.Join(", ", expected.Keys)})");
            if (!seen.Add(name)) throw new DataFormatException(path, $"byte {at}: entry '{name}' appears twice");
            at = position;
            long dtype = Decode(path, bytes, ref position, $"'{name}''s dtype");
            if (dtype != (long)want.DType)
                throw new DataFormatException(path, $"byte {at}: '{name}' has dtype code {dtype}, model.json says {DTypeName(want.DType)} (code {(int)want.DType})");
            at = position;
            long rank = Decode(path, bytes, ref position, $"'{name}''s rank");
            if (rank != want.Shape.Length)
                throw new DataFormatException(path, $"byte {at}: '{name}' has rank {rank}, model.json implies {want.Shape.Length} ([{string.Join(", ", want.Shape)}])");
            var shape = new long[rank];
            for (int d = 0; d < rank; d++) shape[d] = Decode(path, bytes, ref position, $"'{name}''s dimension {d}");
            if (!shape.SequenceEqual(want.Shape))
                throw new DataFormatException(path, $"byte {at}: '{name}' has shape [{string.Join(", ", shape)}], model.json implies [{string.Join(", ", want.Shape)}]");
            long elementBytes = want.DType == ScalarType.Float64 ? 8 : 4;
            long size = want.Shape.Aggregate(elementBytes, (p, d) => p * d);   // bounded by model.json's checked sizes
            if (size > bytes.Length - position)
                throw new DataFormatException(path, $"byte {position}: truncated: '{name}' needs {size} bytes, {bytes.Length - position} are left");
            position += (int)size;
        }
        if (position != bytes.Length) throw new DataFormatException(path, $"byte {position}: {bytes.Length - position} bytes after the last entry");
    }

    /// <summary>The 7-bit encoding of BinaryWriter (low groups first, high bit = more), at most 10 bytes, ≥ 0.</summary>
    static long Decode(string path, byte[] bytes, ref int position, string what)
    {
        int start = position;
        ulong value = 0;
        for (int shift = 0; ; shift += 7)
        {
            if (position >= bytes.Length) throw new DataFormatException(path, $"byte {start}: truncated in {what}");
            if (shift > 63) throw new DataFormatException(path, $"byte {start}: {what} is not a valid 7-bit encoded number");
            byte b = bytes[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) break;
        }
        return value <= int.MaxValue * 1024L ? (long)value : throw new DataFormatException(path, $"byte {start}: {what} is {value}, beyond any model");
    }

    static string DTypeName(ScalarType dtype) => dtype == ScalarType.Float64 ? "float64" : "float32";
}
