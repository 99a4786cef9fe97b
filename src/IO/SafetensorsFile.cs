using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using static TorchSharp.torch;

namespace TorchAe.IO;

/// <summary>Hugging Face's safetensors layout, written here because TorchSharp.PyBridge 1.4.4 writes no
/// <c>__metadata__</c>: an 8-byte little-endian header length, the JSON header
/// (<c>{"__metadata__": {…}, "name": {"dtype": "F32", "shape": […], "data_offsets": [begin, end]}, …}</c>, padded with
/// spaces to a multiple of 8 bytes), then the tensors' little-endian bytes in header order. Same tensors and metadata
/// give the same bytes. <see cref="Read"/> checks the whole layout before it makes a tensor; exported models
/// (<c>TorchAe.Interop</c>) and checkpoints (<c>TorchAe.Training.CheckpointStore</c>) are read through it.</summary>
internal static class SafetensorsFile
{
    public static void Write(Stream stream, IReadOnlyList<KeyValuePair<string, Tensor>> tensors, IReadOnlyList<KeyValuePair<string, string>> metadata)
    {
        var bytes = tensors.Select(t => { using var cpu = t.Value.detach().cpu().contiguous(); return cpu.bytes.ToArray(); }).ToList();
        using var header = new MemoryStream();
        using (var json = new Utf8JsonWriter(header, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteStartObject("__metadata__");
            foreach (var (key, value) in metadata) json.WriteString(key, value);
            json.WriteEndObject();
            long offset = 0;
            for (int i = 0; i < tensors.Count; i++)
            {
                var tensor = tensors[i].Value;
                json.WriteStartObject(tensors[i].Key);
                json.WriteString("dtype", DType(tensor.dtype));
                json.WriteStartArray("shape");
                foreach (var d in tensor.shape) json.WriteNumberValue(d);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset += bytes[i].Length);
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        while (header.Length % 8 != 0) header.WriteByte((byte)' ');
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
        stream.Write(length);
        header.Position = 0;
        header.CopyTo(stream);
        foreach (var b in bytes) stream.Write(b);
    }

    /// <summary>The header may be at most this long, as in the reference implementation (100 MB).</summary>
    const long MaxHeaderLength = 100_000_000;

    /// <summary>Bytes per element of each dtype name the format defines (TorchAe keeps F32 and F64 only).</summary>
    static readonly Dictionary<string, int> ElementSizes = new(StringComparer.Ordinal)
    {
        ["BOOL"] = 1, ["U8"] = 1, ["I8"] = 1, ["F8_E5M2"] = 1, ["F8_E4M3"] = 1, ["I16"] = 2, ["U16"] = 2, ["F16"] = 2,
        ["BF16"] = 2, ["I32"] = 4, ["U32"] = 4, ["F32"] = 4, ["I64"] = 8, ["U64"] = 8, ["F64"] = 8,
    };

    /// <summary>One tensor of the header: its name, dtype, shape and byte range within the data.</summary>
    sealed record Entry(string Name, string DType, long[] Shape, long Begin, long End);

    /// <summary>Tensors (on the CPU; the caller owns them) and the header's <c>__metadata__</c> (empty when it has none).
    /// The whole layout is checked before any tensor is made, with the reference implementation's rules: the header
    /// length within the file and at most 100 MB, a JSON object of entries with a known dtype, a shape and
    /// <c>data_offsets</c>; dtype size × shape = the byte count; the entries, sorted by offset, contiguous from 0 and
    /// covering the data exactly. Only the dtypes in <paramref name="dtypes"/> are read (F32 and F64 by default; a
    /// checkpoint also holds generator states as U8). A breach throws <see cref="DataFormatException"/> naming the file
    /// and the field.</summary>
    public static (Dictionary<string, Tensor> Tensors, Dictionary<string, string> Metadata) Read(string path, IReadOnlyCollection<string>? dtypes = null)
    {
        dtypes ??= Floats;
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new DataFormatException(path, $"cannot be read ({e.Message})"); }
        if (bytes.Length < 8) throw new DataFormatException(path, $"truncated: {bytes.Length} bytes, shorter than the 8-byte safetensors header length");
        ulong size = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (size > (ulong)Math.Min(bytes.Length - 8, MaxHeaderLength))
            throw new DataFormatException(path, $"header length {size} (bytes 0-7) exceeds the {bytes.Length - 8} bytes that follow it (at most {MaxHeaderLength})");
        var header = bytes.AsMemory(8, (int)size);
        var data = bytes.AsMemory(8 + (int)size);
        var (entries, metadata) = ParseHeader(path, header.Span);
        Check(path, entries, data.Length, dtypes);
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var e in entries)
        {
            var span = data.Span[(int)e.Begin..(int)e.End];
            tensors[e.Name] = e.DType switch
            {
                "F32" => tensor(MemoryMarshal.Cast<byte, float>(span).ToArray(), e.Shape),
                "F64" => tensor(MemoryMarshal.Cast<byte, double>(span).ToArray(), e.Shape),
                "I64" => tensor(MemoryMarshal.Cast<byte, long>(span).ToArray(), e.Shape),
                _ => tensor(span.ToArray(), e.Shape),   // U8
            };
        }
        return (tensors, metadata);
    }

    static (List<Entry>, Dictionary<string, string>) ParseHeader(string path, ReadOnlySpan<byte> header)
    {
        MessageText.CheckUtf8(path, header, offset: 8);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(header.ToArray(), new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException e)
        {
            throw new DataFormatException(path, $"the header (bytes 8-{8 + header.Length - 1}) is not valid JSON: {MessageText.OneLine(e.Message)}");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new DataFormatException(path, $"the header must be a JSON object, got {Kind(root)}");
            var entries = new List<Entry>();
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var p in root.EnumerateObject())
            {
                if (!names.Add(p.Name)) throw new DataFormatException(path, $"header: '{Show(p.Name)}' appears twice");
                if (p.Name == "__metadata__")
                {
                    if (p.Value.ValueKind != JsonValueKind.Object) throw new DataFormatException(path, $"header __metadata__: must be an object of strings, got {Kind(p.Value)}");
                    foreach (var m in p.Value.EnumerateObject())
                        metadata[m.Name] = m.Value.ValueKind == JsonValueKind.String ? m.Value.GetString()!
                            : throw new DataFormatException(path, $"header __metadata__.{Show(m.Name)}: must be a string, got {Kind(m.Value)}");
                    continue;
                }
                entries.Add(ParseEntry(path, p.Name, p.Value));
            }
            return (entries, metadata);
        }
    }

    static Entry ParseEntry(string path, string name, JsonElement value)
    {
        var at = $"header '{Show(name)}'";
        if (value.ValueKind != JsonValueKind.Object) throw new DataFormatException(path, $"{at}: must be an object with dtype, shape and data_offsets, got {Kind(value)}");
        foreach (var field in value.EnumerateObject())
            if (field.Name is not ("dtype" or "shape" or "data_offsets"))
                throw new DataFormatException(path, $"{at}: unknown field '{Show(field.Name)}' (allowed: dtype, shape, data_offsets)");
        var dtype = value.TryGetProperty("dtype", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString()!
            : throw new DataFormatException(path, $"{at}.dtype: missing or not a string");
        if (!ElementSizes.ContainsKey(dtype))
            throw new DataFormatException(path, $"{at}.dtype: '{Show(dtype)}' is not a safetensors dtype ({string.Join(", ", ElementSizes.Keys)})");
        var shape = Integers(path, value, "shape", at, maxCount: 8);
        var offsets = Integers(path, value, "data_offsets", at, maxCount: 2);
        if (offsets.Length != 2) throw new DataFormatException(path, $"{at}.data_offsets: must be [begin, end], got {offsets.Length} numbers");
        return new Entry(name, dtype, shape, offsets[0], offsets[1]);
    }

    static long[] Integers(string path, JsonElement parent, string field, string at, int maxCount)
    {
        if (!parent.TryGetProperty(field, out var array) || array.ValueKind != JsonValueKind.Array)
            throw new DataFormatException(path, $"{at}.{field}: missing or not an array");
        if (array.GetArrayLength() > maxCount) throw new DataFormatException(path, $"{at}.{field}: {array.GetArrayLength()} numbers, at most {maxCount} allowed");
        return array.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) && n >= 0 ? n
            : throw new DataFormatException(path, $"{at}.{field}: {Show(v.GetRawText())} is not an integer >= 0")).ToArray();
    }

    /// <summary>The dtypes a model file holds.</summary>
    public static readonly IReadOnlyCollection<string> Floats = ["F32", "F64"];

    /// <summary>The dtypes <see cref="Read"/> can make tensors of.</summary>
    public static readonly IReadOnlyCollection<string> Readable = ["F32", "F64", "I64", "U8"];

    /// <summary>The reference implementation's layout rules, then the caller's dtypes.</summary>
    static void Check(string path, List<Entry> entries, long dataLength, IReadOnlyCollection<string> dtypes)
    {
        long end = 0;
        foreach (var e in entries.OrderBy(e => e.Begin).ThenBy(e => e.End))
        {
            var at = $"header '{Show(e.Name)}'.data_offsets [{e.Begin}, {e.End}]";
            if (e.Begin != end)
                throw new DataFormatException(path, e.Begin < end ? $"{at}: overlaps the tensor before it, which ends at {end} (tensors must not share bytes)"
                    : $"{at}: leaves a gap after byte {end} (tensors must be contiguous)");
            if (e.End < e.Begin) throw new DataFormatException(path, $"{at}: ends before it begins");
            long bytes = ByteCount(path, e);
            if (e.End - e.Begin != bytes)
                throw new DataFormatException(path, $"{at}: {e.End - e.Begin} bytes, but {e.DType} × [{string.Join(", ", e.Shape)}] needs {bytes}");
            if (e.End > dataLength) throw new DataFormatException(path, $"{at}: beyond the {dataLength} bytes of data after the header");
            end = e.End;
        }
        if (end != dataLength) throw new DataFormatException(path, $"the tensors cover {end} bytes, but {dataLength} bytes follow the header (they must cover them exactly)");
        foreach (var e in entries)
            if (!dtypes.Contains(e.DType) || !Readable.Contains(e.DType))
                throw new DataFormatException(path, $"header '{Show(e.Name)}'.dtype: {e.DType}; TorchAe reads {string.Join(", ", dtypes.SkipLast(1))} and {dtypes.Last()}");
    }

    static long ByteCount(string path, Entry e)
    {
        try
        {
            long count = ElementSizes[e.DType];
            foreach (var d in e.Shape) count = checked(count * d);
            return count;
        }
        catch (OverflowException)
        {
            throw new DataFormatException(path, $"header '{Show(e.Name)}'.shape: [{string.Join(", ", e.Shape)}] of {e.DType} overflows 64 bits");
        }
    }

    static string Kind(JsonElement value) => value.ValueKind.ToString().ToLowerInvariant();

    static string Show(string text) => MessageText.OneLine(text);

    static string DType(ScalarType dtype) => dtype switch
    {
        ScalarType.Float64 => "F64",
        ScalarType.Float32 => "F32",
        _ => throw new Options.OptionException("dtype", dtype, "float32 or float64"),
    };
}
