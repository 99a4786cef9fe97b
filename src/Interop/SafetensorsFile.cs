using System.Buffers.Binary;
using System.Text.Json;
using TorchAe.IO;
using static TorchSharp.torch;

namespace TorchAe.Interop;

/// <summary>Hugging Face's safetensors layout, written here because TorchSharp.PyBridge 1.4.4 writes no
/// <c>__metadata__</c>: an 8-byte little-endian header length, the JSON header
/// (<c>{"__metadata__": {…}, "name": {"dtype": "F32", "shape": […], "data_offsets": [begin, end]}, …}</c>, padded with
/// spaces to a multiple of 8 bytes), then the tensors' little-endian bytes in header order. Same tensors and metadata
/// give the same bytes. Tensors are read back by PyBridge (<see cref="StateDictFile.Read"/>).</summary>
internal static class SafetensorsFile
{
    public static void Write(Stream stream, IReadOnlyList<KeyValuePair<string, Tensor>> tensors, IReadOnlyList<KeyValuePair<string, string>> metadata)
    {
        var bytes = tensors.Select(t => { using var cpu = t.Value.detach().cpu().contiguous(); return cpu.bytes.ToArray(); }).ToList();
        using var header = new MemoryStream();
        using (var json = new Utf8JsonWriter(header, new JsonWriterOptions { Encoder = ModelMetadata.Encoder }))
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

    /// <summary>The header's <c>__metadata__</c> (empty when it has none).</summary>
    public static Dictionary<string, string> ReadMetadata(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            Span<byte> length = stackalloc byte[8];
            stream.ReadExactly(length);
            ulong size = BinaryPrimitives.ReadUInt64LittleEndian(length);
            if (size > (ulong)Math.Min(stream.Length - 8, 100_000_000)) throw new DataFormatException(path, $"header length {size} exceeds the file");
            var header = new byte[size];
            stream.ReadExactly(header);
            using var document = JsonDocument.Parse(header);
            var result = new Dictionary<string, string>();
            if (document.RootElement.TryGetProperty("__metadata__", out var metadata))
                foreach (var p in metadata.EnumerateObject())
                    result[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()!
                        : throw new DataFormatException(path, $"__metadata__.{p.Name} must be a string");
            return result;
        }
        catch (Exception e) when (e is JsonException or EndOfStreamException or InvalidOperationException)
        {
            throw new DataFormatException(path, $"cannot be read as safetensors ({e.GetType().Name}: {e.Message})");
        }
    }

    static string DType(ScalarType dtype) => dtype switch
    {
        ScalarType.Float64 => "F64",
        ScalarType.Float32 => "F32",
        _ => throw new Options.OptionException("dtype", dtype, "float32 or float64"),
    };
}
