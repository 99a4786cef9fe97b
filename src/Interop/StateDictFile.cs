using System.IO.Compression;
using System.Text.Json;
using TorchAe.IO;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace TorchAe.Interop;

/// <summary>A trained model's state_dict in a file PyTorch reads: <c>torch.load(path)</c> for
/// <see cref="WeightFormat.PyTorch"/> (through TorchSharp.PyBridge, with <see cref="ModelMetadata"/> in the sidecar
/// <c>path.json</c>), <c>safetensors.torch.load_file(path)</c> for <see cref="WeightFormat.Safetensors"/> (metadata in
/// its <c>__metadata__</c>). Tensors are written in the model's dtype, from the CPU; the same model gives the same bytes.</summary>
public static class StateDictFile
{
    /// <summary>The .pt's zip entries get this time stamp instead of the clock's, so that bytes depend on the model only.</summary>
    static readonly DateTimeOffset EntryTime = new(new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Unspecified), TimeSpan.Zero);

    /// <summary>The sidecar of a .pt file: <c>model.pt</c> → <c>model.pt.json</c>.</summary>
    public static string SidecarPath(string path) => path + ".json";

    /// <summary>Writes every parameter of <paramref name="model"/> (<c>encoders.&lt;l&gt;.*</c>, <c>classifier.*</c>, <c>autoencoders.&lt;l&gt;.encoder/decoder.*</c>) to <paramref name="path"/> in <paramref name="format"/>, with the metadata (activations, objectives, class names, input shape, TorchAe's version) in the safetensors header or in the .pt's JSON sidecar (<see cref="SidecarPath"/>). Byte-for-byte deterministic.</summary>
    public static void Save(TrainedModel model, string path, WeightFormat format)
    {
        var bundle = new ModelBundle(model.Validated());
        var metadata = ModelMetadata.Of(model);
        if (format == WeightFormat.Safetensors)
        {
            var tensors = bundle.state_dict().Select(p => KeyValuePair.Create(p.Key, p.Value)).ToList();
            AtomicFile.Write(path, stream => SafetensorsFile.Write(stream, tensors, metadata));
            return;
        }
        using var zip = new MemoryStream();
        bundle.save_py(zip, leaveOpen: true);
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Update, leaveOpen: true))
            foreach (var entry in archive.Entries) entry.LastWriteTime = EntryTime;
        AtomicFile.WriteBytes(path, zip.ToArray());
        AtomicFile.Write(SidecarPath(path), stream =>
        {
            using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = ModelMetadata.Encoder });
            json.WriteStartObject();
            foreach (var (key, value) in metadata) json.WriteString(key, value);
            json.WriteEndObject();
            json.Flush();
            stream.WriteByte((byte)'\n');
        });
    }

    /// <summary>Tensors by name, on the CPU, and the metadata (from the header, or the .pt's sidecar when there is
    /// one; empty otherwise). The format is told by the content (a zip is <c>torch.save</c>'s, anything else is read
    /// as safetensors). The caller owns the tensors.</summary>
    public static (Dictionary<string, Tensor> Tensors, Dictionary<string, string> Metadata) ReadWithMetadata(string path)
    {
        var tensors = Read(path);
        if (Detect(path) == WeightFormat.Safetensors) return (tensors, SafetensorsFile.ReadMetadata(path));
        var sidecar = SidecarPath(path);
        if (!File.Exists(sidecar)) return (tensors, new());
        try
        {
            return (tensors, JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllBytes(sidecar))
                ?? throw new DataFormatException(sidecar, "must be a JSON object of strings"));
        }
        catch (JsonException e)
        {
            throw new DataFormatException(sidecar, $"must be a JSON object of strings ({e.Message})");
        }
    }

    /// <summary>Tensors by name, on the CPU (see <see cref="ReadWithMetadata"/>).</summary>
    public static Dictionary<string, Tensor> Read(string path)
    {
        if (!File.Exists(path)) throw new DataFormatException(path, "not found");
        var format = Detect(path);
        try
        {
            using var stream = File.OpenRead(path);
            if (format == WeightFormat.Safetensors) return Safetensors.LoadStateDict(stream);
            var table = PyTorchUnpickler.UnpickleStateDict(stream, leaveOpen: false, skipTensorRead: false);
            var result = new Dictionary<string, Tensor>();
            foreach (var key in table.Keys)
                result[key as string ?? throw new DataFormatException(path, $"key {key} is not a string")] =
                    table[key] as Tensor ?? throw new DataFormatException(path, $"'{key}' is not a tensor");
            return result;
        }
        catch (Exception e) when (e is not DataFormatException and not OutOfMemoryException)
        {
            // PyBridge's readers surface a bad file as whatever the parser hit first (cast, key, JSON, zip, pickle errors).
            throw new DataFormatException(path, $"cannot be read as a {format.Name()} state_dict ({e.GetType().Name}: {e.Message})");
        }
    }

    /// <summary>A zip (<c>PK\x03\x04</c>) is a <c>torch.save</c> file; otherwise safetensors.</summary>
    public static WeightFormat Detect(string path)
    {
        Span<byte> head = stackalloc byte[4];
        using var stream = File.OpenRead(path);
        int read = stream.ReadAtLeast(head, 4, throwOnEndOfStream: false);
        return read == 4 && head[0] == 0x50 && head[1] == 0x4b && head[2] == 0x03 && head[3] == 0x04 ? WeightFormat.PyTorch : WeightFormat.Safetensors;
    }
}
