using System.Text;
using static TorchSharp.torch;

namespace TorchAe.IO;

/// <summary>A flat file of named tensors (checkpoint state): "TAET1", count, then per tensor its name, dtype, shape and
/// little-endian bytes. Written atomically; read back exactly (bit-identical values, same dtype).</summary>
public static class TensorFile
{
    const string Magic = "TAET1";

    public static void Write(string path, IEnumerable<KeyValuePair<string, Tensor>> tensors) => AtomicFile.Write(path, stream =>
    {
        var list = tensors.ToList();
        using var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        w.Write(Magic);
        w.Write(list.Count);
        foreach (var (name, t) in list)
        {
            using var cpu = t.detach().cpu().contiguous();
            w.Write(name);
            w.Write((int)cpu.dtype);
            w.Write((int)cpu.ndim);
            foreach (var d in cpu.shape) w.Write(d);
            var bytes = cpu.bytes;
            w.Write(bytes.Length);
            w.Write(bytes);
        }
    });

    public static Dictionary<string, Tensor> Read(string path)
    {
        using var stream = File.OpenRead(path);
        using var r = new BinaryReader(stream, Encoding.UTF8);
        try
        {
            if (r.ReadString() != Magic) throw new Data.DataFormatException(path, "not a TorchAe tensor file (bad magic)");
            int count = r.ReadInt32();
            var result = new Dictionary<string, Tensor>();
            for (int i = 0; i < count; i++)
            {
                var name = r.ReadString();
                var dtype = (ScalarType)r.ReadInt32();
                var shape = new long[r.ReadInt32()];
                for (int d = 0; d < shape.Length; d++) shape[d] = r.ReadInt64();
                var bytes = r.ReadBytes(r.ReadInt32());
                var t = empty(shape, dtype: dtype);
                t.bytes = bytes;
                result[name] = t;
            }
            return result;
        }
        catch (EndOfStreamException)
        {
            throw new Data.DataFormatException(path, "truncated tensor file");
        }
    }
}
