using TorchAe.Data;
using TorchAe.IO;
using TorchSharp.PyBridge;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace TorchAe.Interop;

/// <summary>A module's state_dict in a file PyTorch reads, through TorchSharp.PyBridge: <c>torch.load(path)</c> for
/// <see cref="WeightFormat.PyTorch"/>, <c>safetensors.torch.load_file(path)</c> for <see cref="WeightFormat.Safetensors"/>.
/// Tensors are written in the module's dtype, from the CPU.</summary>
public static class StateDictFile
{
    public static void Save(Module module, string path, WeightFormat format) => AtomicFile.Write(path, stream =>
    {
        if (format == WeightFormat.PyTorch) module.save_py(stream, leaveOpen: true);
        else module.save_safetensors(stream, leaveOpen: true);
    });

    /// <summary>Tensors by name, on the CPU; the format is told by the content (a zip is <c>torch.save</c>'s, anything
    /// else is read as safetensors). The caller owns the tensors.</summary>
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
