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

    /// <summary>Writes every parameter of <paramref name="model"/> (<c>encoders.&lt;l&gt;.*</c>, <c>classifier.*</c>, <c>autoencoders.&lt;l&gt;.encoder/decoder.*</c>) to <paramref name="path"/> in <paramref name="format"/>, with the metadata (activations, objectives, class names, input shape, TorchAe's version) in the safetensors header or in the .pt's JSON sidecar (<see cref="SidecarPath"/>). A tied autoencoder's decoder weight, which it does not own, is written as the copy W1ᵀ it is, so that every autoencoder reads as an <c>nn.Linear</c> pair in PyTorch (the metadata's <c>tied</c> says which). Byte-for-byte deterministic.</summary>
    public static void Save(TrainedModel model, string path, WeightFormat format)
    {
        var bundle = new ModelBundle(model.Validated());
        var metadata = ModelMetadata.Of(model);
        using var scope = NewDisposeScope();
        var tensors = Entries(bundle, model);
        if (format == WeightFormat.Safetensors)
        {
            AtomicFile.Write(path, stream => SafetensorsFile.Write(stream, tensors, metadata));
            return;
        }
        using var zip = new MemoryStream();
        if (model.Autoencoders.Any(a => a.Tied))
        {
            var stateDict = new System.Collections.Specialized.OrderedDictionary(tensors.Count);
            foreach (var (key, value) in tensors) stateDict.Add(key, value);
            PyTorchPickler.PickleStateDict(zip, stateDict, leaveOpen: true);
        }
        else
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

    /// <summary>The bundle's state_dict in its order, with <c>autoencoders.&lt;l&gt;.decoder.weight</c> = W1ᵀ (contiguous)
    /// inserted before <c>….decoder.bias</c> for every tied autoencoder l.</summary>
    static List<KeyValuePair<string, Tensor>> Entries(ModelBundle bundle, TrainedModel model)
    {
        var entries = new List<KeyValuePair<string, Tensor>>();
        foreach (var (key, value) in bundle.state_dict())
        {
            for (int l = 0; l < model.Autoencoders.Count; l++)
                if (model.Autoencoders[l].Tied && key == $"autoencoders.{l}.decoder.bias")
                    entries.Add(KeyValuePair.Create($"autoencoders.{l}.decoder.weight", model.Autoencoders[l].DecoderWeight.detach().contiguous()));
            entries.Add(KeyValuePair.Create(key, value));
        }
        return entries;
    }

    /// <summary>Tensors by name, on the CPU, and the metadata (from the header, or the .pt's sidecar when there is
    /// one; empty otherwise). The format is told by the content (a zip is <c>torch.save</c>'s, anything else is read
    /// as safetensors). Each format's layout is checked whole before a tensor is made (<see cref="SafetensorsFile"/>,
    /// <see cref="PtFile"/>); nothing in the file runs. The caller owns the tensors.</summary>
    public static (Dictionary<string, Tensor> Tensors, Dictionary<string, string> Metadata) ReadWithMetadata(string path)
    {
        if (Directory.Exists(path)) throw new DataFormatException(path, "is a folder, expected a .pt or .safetensors file");
        if (!File.Exists(path)) throw new DataFormatException(path, "not found");
        if (Detect(path) == WeightFormat.Safetensors) return SafetensorsFile.Read(path);
        var tensors = PtFile.Read(path);
        var sidecar = SidecarPath(path);
        if (!File.Exists(sidecar)) return (tensors, new());
        try
        {
            var info = new FileInfo(sidecar);
            if (info.Length > 10_000_000) throw new DataFormatException(sidecar, $"{info.Length} bytes; a metadata file is a small JSON object of strings (at most 10 MB)");
            var map = JsonSerializer.Deserialize<Dictionary<string, string?>>(File.ReadAllBytes(sidecar))
                ?? throw new DataFormatException(sidecar, "must be a JSON object of strings, got null");
            foreach (var (key, value) in map)
                if (value is null) throw new DataFormatException(sidecar, $"'{MessageText.OneLine(key)}' must be a string, got null");
            return (tensors, map.ToDictionary(p => p.Key, p => p.Value!));
        }
        catch (JsonException e)
        {
            throw new DataFormatException(sidecar, $"must be a JSON object of strings ({MessageText.OneLine(e.Message)})");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DataFormatException(sidecar, $"cannot be read ({MessageText.OneLine(e.Message)})");
        }
    }

    /// <summary>Tensors by name, on the CPU (see <see cref="ReadWithMetadata"/>).</summary>
    public static Dictionary<string, Tensor> Read(string path) => ReadWithMetadata(path).Tensors;

    /// <summary>A zip (<c>PK\x03\x04</c>) is a <c>torch.save</c> file; otherwise safetensors.</summary>
    public static WeightFormat Detect(string path)
    {
        Span<byte> head = stackalloc byte[4];
        int read;
        try
        {
            using var stream = File.OpenRead(path);
            read = stream.ReadAtLeast(head, 4, throwOnEndOfStream: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DataFormatException(path, $"cannot be read ({MessageText.OneLine(e.Message)})");
        }
        // A pickle straight away (protocol 2, then the 10-byte LONG1 of torch's magic number 0x1950a86a20f9469cfc6c):
        // torch.save's format before the zip archive of PyTorch 1.6. (As a safetensors header length these bytes would
        // exceed its 100 MB bound.)
        if (read == 4 && head[0] == 0x80 && head[1] == 0x02 && head[2] == 0x8A && head[3] == 0x0A)
            throw new DataFormatException(path, "a .pt in PyTorch's legacy format (a bare pickle, as before PyTorch 1.6 or with _use_new_zipfile_serialization=False); TorchAe reads the zip format: load it in PyTorch and torch.save it again");
        return read == 4 && head[0] == 0x50 && head[1] == 0x4b && head[2] == 0x03 && head[3] == 0x04 ? WeightFormat.PyTorch : WeightFormat.Safetensors;
    }
}
