using System.IO.Compression;
using System.Runtime.InteropServices;
using TorchAe.IO;
using static TorchSharp.torch;

namespace TorchAe.Interop;

/// <summary>Reads a <c>torch.save</c>d state_dict (a zip: <c>PREFIX/data.pkl</c>, <c>PREFIX/data/KEY</c> per storage,
/// <c>PREFIX/version</c>) without letting the file run anything or reach the disk: the archive is read in memory with
/// .NET's zip reader (no entry name ever becomes a path), every entry must sit under the one prefix of data.pkl (as
/// PyTorch's own reader demands), the pickle goes through <see cref="StateDictPickle"/>, and every tensor's offset,
/// size and stride is checked against its storage's element count, and that against its entry's length, before
/// libtorch sees a byte. Only float32 and float64 storages are read. TorchAe's own code rather than
/// TorchSharp.PyBridge's unpickler, because that one hands libtorch whatever shape, stride and offset the pickle gives
/// (a disagreeing one aborts with libtorch's C++ backtrace) and surfaces damage as .NET exceptions.</summary>
static class PtFile
{
    /// <summary>At most this many entries, and bytes per entry: far above any TorchAe model, far below what would
    /// exhaust memory.</summary>
    const int MaxEntries = 10_000;
    const long MaxEntryBytes = 1L << 31;

    public static Dictionary<string, Tensor> Read(string path)
    {
        try
        {
            using var zip = new ZipArchive(File.OpenRead(path), ZipArchiveMode.Read);
            return Read(path, zip, new FileInfo(path).Length);
        }
        catch (InvalidDataException e)
        {
            throw new DataFormatException(path, $"not a readable zip archive ({MessageText.OneLine(e.Message)})");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DataFormatException(path, $"cannot be read ({MessageText.OneLine(e.Message)})");
        }
    }

    static Dictionary<string, Tensor> Read(string path, ZipArchive zip, long fileLength)
    {
        if (zip.Entries.Count > MaxEntries) throw new DataFormatException(path, $"{zip.Entries.Count} zip entries (a state_dict has one per tensor storage, at most {MaxEntries})");
        var pickles = zip.Entries.Where(e => e.FullName.EndsWith("/data.pkl", StringComparison.Ordinal) || e.FullName == "data.pkl").ToList();
        if (pickles.Count != 1)
            throw new DataFormatException(path, pickles.Count == 0 ? "holds no PREFIX/data.pkl: not a torch.save file" : $"holds {pickles.Count} data.pkl entries, expected one");
        var prefix = pickles[0].FullName[..^"data.pkl".Length];
        if (prefix.Length == 0 || prefix.IndexOf('/') != prefix.Length - 1)
            throw new DataFormatException(path, $"zip entry '{MessageText.OneLine(pickles[0].FullName)}': data.pkl must sit in one top-level folder (PREFIX/data.pkl)");
        var entries = new Dictionary<string, ZipArchiveEntry>(StringComparer.Ordinal);
        foreach (var entry in zip.Entries)
        {
            var name = entry.FullName;
            if (!name.StartsWith(prefix, StringComparison.Ordinal) || name.Contains('\\') || name.Split('/').Any(part => part is ".." or "."))
                throw new DataFormatException(path, $"zip entry '{MessageText.OneLine(name)}' lies outside the archive's folder '{MessageText.OneLine(prefix)}'");
            if (!entries.TryAdd(name, entry)) throw new DataFormatException(path, $"zip entry '{MessageText.OneLine(name)}' appears twice");
            if (entry.Length > MaxEntryBytes) throw new DataFormatException(path, $"zip entry '{MessageText.OneLine(name)}' is {entry.Length} bytes (at most {MaxEntryBytes})");
            // Deflate expands at most 1032-fold: a declared length beyond that is a lie told to make us allocate.
            if (entry.CompressedLength > fileLength || entry.Length > 1032 * (entry.CompressedLength + 1))
                throw new DataFormatException(path, $"zip entry '{MessageText.OneLine(name)}' claims {entry.Length} bytes from {entry.CompressedLength} compressed bytes in a file of {fileLength}");
        }
        if (entries.TryGetValue(prefix + "byteorder", out var byteorder) && ReadEntry(path, byteorder) is var order
            && System.Text.Encoding.ASCII.GetString(order) != "little")
            throw new DataFormatException(path, $"zip entry '{prefix}byteorder': the tensors are not little-endian");

        var pickleName = $"{path} ({pickles[0].FullName})";
        var specs = StateDictPickle.Read(ReadEntry(path, pickles[0]), pickleName);
        var storages = new Dictionary<string, Array>(StringComparer.Ordinal);
        // Every spec first, every storage after: nothing is allocated for a file that is refused.
        foreach (var (name, spec) in specs) Check(path, prefix, name, spec, entries);
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, spec) in specs)
        {
            if (!storages.TryGetValue(spec.Storage.Key, out var storage))
            {
                var bytes = ReadEntry(path, entries[prefix + "data/" + spec.Storage.Key]);
                storages[spec.Storage.Key] = storage = spec.Storage.Type == "FloatStorage"
                    ? MemoryMarshal.Cast<byte, float>(bytes.AsSpan(0, checked((int)(spec.Storage.Count * 4)))).ToArray()
                    : MemoryMarshal.Cast<byte, double>(bytes.AsSpan(0, checked((int)(spec.Storage.Count * 8)))).ToArray();
            }
            using var flat = storage is float[] f ? tensor(f) : tensor((double[])storage);
            result[name] = flat.as_strided(spec.Size, spec.Stride, spec.Offset).contiguous();
        }
        return result;
    }

    /// <summary>PyTorch's rules for a tensor view of a storage, checked with overflow-safe arithmetic: sizes and
    /// strides ≥ 0 and as many of each, the highest element reached (offset + Σ (size − 1)·stride) inside the storage,
    /// the storage's bytes present in its entry.</summary>
    static void Check(string path, string prefix, string name, StateDictPickle.TensorSpec spec, Dictionary<string, ZipArchiveEntry> entries)
    {
        var at = $"'{MessageText.OneLine(name)}'";
        var storage = spec.Storage;
        if (storage.Type is not ("FloatStorage" or "DoubleStorage"))
            throw new DataFormatException(path, $"{at}: its storage is torch.{storage.Type}; TorchAe reads float32 and float64 tensors (FloatStorage, DoubleStorage)");
        if (spec.Size.Length != spec.Stride.Length)
            throw new DataFormatException(path, $"{at}: size [{string.Join(", ", spec.Size)}] and stride [{string.Join(", ", spec.Stride)}] differ in length");
        if (spec.Size.Any(d => d < 0) || spec.Stride.Any(d => d < 0) || spec.Offset < 0)
            throw new DataFormatException(path, $"{at}: size [{string.Join(", ", spec.Size)}], stride [{string.Join(", ", spec.Stride)}] and offset {spec.Offset} must be >= 0");
        long last;
        try
        {
            last = spec.Offset;
            bool empty = spec.Size.Any(d => d == 0);
            for (int d = 0; d < spec.Size.Length && !empty; d++) last = checked(last + (spec.Size[d] - 1) * spec.Stride[d]);
            if (empty) last = spec.Offset - 1;
        }
        catch (OverflowException)
        {
            throw new DataFormatException(path, $"{at}: size [{string.Join(", ", spec.Size)}] with stride [{string.Join(", ", spec.Stride)}] overflows 64 bits");
        }
        if (last >= storage.Count)
            throw new DataFormatException(path, $"{at}: size [{string.Join(", ", spec.Size)}], stride [{string.Join(", ", spec.Stride)}] and offset {spec.Offset} reach element {last}, but its storage '{MessageText.OneLine(storage.Key)}' holds {storage.Count}");
        var entryName = prefix + "data/" + storage.Key;
        if (!entries.TryGetValue(entryName, out var entry))
            throw new DataFormatException(path, $"{at}: its storage's zip entry '{MessageText.OneLine(entryName)}' is missing");
        long bytes = storage.Count > MaxEntryBytes ? long.MaxValue : storage.Count * StateDictPickle.StorageTypes[storage.Type];
        if (entry.Length < bytes)
            throw new DataFormatException(path, $"zip entry '{MessageText.OneLine(entryName)}': {entry.Length} bytes, but its storage of {storage.Count} elements of torch.{storage.Type} needs {bytes}");
    }

    /// <summary>An entry's bytes, no more than its declared length (a lying deflate stream cannot make it longer).</summary>
    static byte[] ReadEntry(string path, ZipArchiveEntry entry)
    {
        var bytes = new byte[entry.Length];
        try
        {
            using var stream = entry.Open();
            stream.ReadExactly(bytes);
            return bytes;
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or IOException or NotSupportedException)
        {
            throw new DataFormatException(path, $"zip entry '{MessageText.OneLine(entry.FullName)}' cannot be read ({MessageText.OneLine(e.Message)})");
        }
    }
}
