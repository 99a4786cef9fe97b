using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;

namespace TorchAe.Tests.Reliability.Fuzz;

/// <summary>Seeded mutations of a file's bytes, structure-aware where the format has structure (IDX header fields, CSV
/// cells and line ends, JSON values, safetensors headers, zip entries, pickle integers and globals) plus bit flips,
/// byte overwrites and truncations for every format. Each mutation returns the new bytes and a short description;
/// the same <see cref="Random"/> state gives the same mutation.</summary>
public static class Mutator
{
    /// <summary>Integers that break sizes: zero, negatives, the edges of int32 and uint32, and near-sizes.</summary>
    static readonly long[] Integers = [0, 1, -1, 2, 7, 255, 256, 65535, 65536, int.MaxValue, (long)int.MaxValue + 1, uint.MaxValue, -2147483648, 1L << 40, long.MaxValue];

    static readonly string[] JsonValues =
        ["0", "-1", "1", "2147483647", "2147483648", "-2147483648", "1e300", "-1e300", "0.5", "\"\"", "\"x\"", "null", "true", "false", "[]", "{}",
         "[1,2,3]", "[2147483647, 6]", "\"float16\"", "\"tanh\"", "\"../../etc/passwd\"", "\"a\\r\\nb\"", "[[[[[[[[[[1]]]]]]]]]]"];

    static readonly string[] Cells = ["", "nan", "inf", "-0", "1e40", "abc", "\"", "\"1,2\"", "1,2", "\r", "\t", "0x10", "١", "1e-50", "99999999999999999999", "\"unterminated"];

    public static (byte[] Bytes, string What) Apply(string format, byte[] bytes, Random random)
    {
        int kind = random.Next(10);
        if (kind < 4 || bytes.Length == 0) return Generic(bytes, random);
        try
        {
            var structured = format switch
            {
                "idx" => Idx(bytes, random),
                "csv" => Csv(bytes, random),
                "json" => Json(bytes, random),
                "safetensors" => Safetensors(bytes, random),
                "pt" => Pt(bytes, random),
                "pgm" => Pgm(bytes, random),
                "png" => Png(bytes, random),
                "idx.gz" => Gzip(bytes, "idx", random),
                "pgm.gz" => Gzip(bytes, "pgm", random),
                _ => default((byte[], string)?),
            };
            return structured ?? Generic(bytes, random);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The structure was already broken by an earlier mutation (a field removed, a value nulled, a stream cut):
            // a generic mutation instead, so that no file stops a run of thousands.
            return Generic(bytes, random);
        }
    }

    static (byte[], string) Generic(byte[] bytes, Random random)
    {
        var copy = (byte[])bytes.Clone();
        switch (random.Next(5))
        {
            case 0 when copy.Length > 0:
            {
                int flips = 1 + random.Next(4);
                var at = new List<int>();
                for (int i = 0; i < flips; i++) { int p = random.Next(copy.Length); copy[p] ^= (byte)(1 << random.Next(8)); at.Add(p); }
                return (copy, $"bit flips at {string.Join(",", at)}");
            }
            case 1:
            {
                int length = random.Next(copy.Length + 1);
                return (copy[..length], $"truncated to {length} of {copy.Length} bytes");
            }
            case 2 when copy.Length > 0:
            {
                int p = random.Next(copy.Length);
                byte value = new byte[] { 0, 0xFF, 0x7F, 0x80, (byte)'\n', (byte)'\r', (byte)',', (byte)'"' }[random.Next(8)];
                copy[p] = value;
                return (copy, $"byte {p} set to 0x{value:X2}");
            }
            case 3:
            {
                int p = random.Next(copy.Length + 1), n = 1 + random.Next(16);
                var inserted = new byte[n];
                random.NextBytes(inserted);
                return ([.. copy[..p], .. inserted, .. copy[p..]], $"{n} random bytes inserted at {p}");
            }
            default:
            {
                if (copy.Length < 2) return (copy.Concat(copy).ToArray(), "doubled");
                int p = random.Next(copy.Length - 1), n = 1 + random.Next(Math.Min(64, copy.Length - p));
                return ([.. copy[..p], .. copy[(p + n)..]], $"{n} bytes cut at {p}");
            }
        }
    }

    /// <summary>A gzip file broken inside or out: its decompressed content mutated as <paramref name="inner"/> and
    /// gzipped again, its CRC-32 or size (ISIZE) trailer changed, a second member appended, or its content replaced by
    /// a stream that inflates far beyond the size its trailer promises (a decompression bomb).</summary>
    static (byte[], string)? Gzip(byte[] bytes, string inner, Random random)
    {
        if (bytes.Length < 18) return null;
        var plain = Gunzip(bytes);
        var copy = (byte[])bytes.Clone();
        switch (random.Next(7))
        {
            case 0:
            {
                int at = copy.Length - 8 + random.Next(4);
                copy[at] ^= (byte)(1 + random.Next(255));
                return (copy, $"gzip CRC-32 byte {at} changed");
            }
            case 1:
            {
                long value = Integers[random.Next(Integers.Length)];
                BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan(copy.Length - 4), unchecked((uint)value));
                return (copy, $"gzip ISIZE set to {unchecked((uint)value)}");
            }
            case 2:
            {
                // 1 to 64 MiB of zeros that deflate to a few kB, behind a trailer that promises the original size.
                int megabytes = 1 + random.Next(64);
                var bomb = Gz([.. plain, .. new byte[megabytes << 20]]);
                BinaryPrimitives.WriteUInt32LittleEndian(bomb.AsSpan(bomb.Length - 4), (uint)plain.Length);
                return (bomb, $"gzip stream inflating to {megabytes} MiB more than its ISIZE {plain.Length}");
            }
            case 3:
            {
                var (second, what) = Generic(plain, random);
                return ([.. bytes, .. Gz(second)], $"a second gzip member appended ({what})");
            }
            default:
            {
                var (mutated, what) = Apply(inner, plain, random);
                return (Gz(mutated), $"inside the gzip: {what}");
            }
        }
    }

    static byte[] Gunzip(byte[] bytes)
    {
        using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
        var output = new MemoryStream();
        gzip.CopyTo(output);
        return output.ToArray();
    }

    static byte[] Gz(byte[] plain)
    {
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true)) gzip.Write(plain);
        return output.ToArray();
    }

    static (byte[], string)? Idx(byte[] bytes, Random random)
    {
        if (bytes.Length < 8) return null;
        int fields = Math.Min((bytes.Length - 4) / 4, bytes[3] == 3 ? 4 : 2);
        int field = random.Next(fields);
        long value = Integers[random.Next(Integers.Length)];
        var copy = (byte[])bytes.Clone();
        BinaryPrimitives.WriteInt32BigEndian(copy.AsSpan(4 * field), unchecked((int)value));
        return (copy, $"IDX header field {field} set to {unchecked((int)value)}");
    }

    static (byte[], string)? Pgm(byte[] bytes, Random random)
    {
        var text = Encoding.Latin1.GetString(bytes);
        var numbers = System.Text.RegularExpressions.Regex.Matches(text[..Math.Min(40, text.Length)], "[0-9]+").ToList();
        if (numbers.Count == 0) return null;
        var m = numbers[random.Next(numbers.Count)];
        var value = Integers[random.Next(Integers.Length)].ToString(System.Globalization.CultureInfo.InvariantCulture);
        return (Encoding.Latin1.GetBytes(text[..m.Index] + value + text[(m.Index + m.Length)..]), $"PGM header number {m.Value} at {m.Index} set to {value}");
    }

    /// <summary>The PNG's IHDR width or height set to a boundary value, its CRC recomputed so the decoder believes it.</summary>
    static (byte[], string)? Png(byte[] bytes, Random random)
    {
        if (bytes.Length < 33 || bytes[12] != 'I' || bytes[13] != 'H') return null;
        var copy = (byte[])bytes.Clone();
        int field = random.Next(2);
        long value = Integers[random.Next(Integers.Length)];
        BinaryPrimitives.WriteInt32BigEndian(copy.AsSpan(16 + 4 * field), unchecked((int)value));
        BinaryPrimitives.WriteUInt32BigEndian(copy.AsSpan(29), Crc32(copy.AsSpan(12, 17)));
        return (copy, $"PNG IHDR {(field == 0 ? "width" : "height")} set to {unchecked((int)value)}");
    }

    internal static uint Crc32(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (var b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++) crc = (crc & 1) != 0 ? 0xEDB88320 ^ (crc >> 1) : crc >> 1;
        }
        return ~crc;
    }

    static (byte[], string)? Csv(byte[] bytes, Random random)
    {
        var text = Encoding.UTF8.GetString(bytes);
        var lines = text.Split('\n').ToList();
        switch (random.Next(4))
        {
            case 0:
                return (Encoding.UTF8.GetBytes(text.Replace("\n", "\r", StringComparison.Ordinal)), "CR line ends");
            case 1:
            {
                int l = random.Next(lines.Count);
                lines.Insert(l, lines[random.Next(lines.Count)] + ",extra");
                return (Encoding.UTF8.GetBytes(string.Join('\n', lines)), $"a row with one cell more at line {l + 1}");
            }
            default:
            {
                int l = random.Next(lines.Count);
                var cells = lines[l].Split(',');
                int c = random.Next(cells.Length);
                var value = Cells[random.Next(Cells.Length)];
                cells[c] = value;
                lines[l] = string.Join(',', cells);
                return (Encoding.UTF8.GetBytes(string.Join('\n', lines)), $"line {l + 1} cell {c + 1} set to {Quote(value)}");
            }
        }
    }

    static (byte[], string)? Json(byte[] bytes, Random random)
    {
        var root = JsonNode.Parse(bytes, documentOptions: new System.Text.Json.JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = System.Text.Json.JsonCommentHandling.Skip });
        if (root is null) return null;
        var (node, what) = MutateJson(root, random);
        return (Encoding.UTF8.GetBytes(node?.ToJsonString() ?? "null"), what);
    }

    /// <summary>One value somewhere in the tree replaced, a property removed, or an unknown one added.</summary>
    static (JsonNode?, string) MutateJson(JsonNode root, Random random)
    {
        var all = new List<JsonNode>();
        void Walk(JsonNode? n) { if (n is null) return; all.Add(n); if (n is JsonObject o) foreach (var p in o) Walk(p.Value); else if (n is JsonArray a) foreach (var x in a) Walk(x); }
        Walk(root);
        var target = all[random.Next(all.Count)];
        var value = JsonValues[random.Next(JsonValues.Length)];
        if (target == root) return (JsonNode.Parse(value), $"the whole document replaced by {value}");
        var path = target.GetPath();
        var parent = target.Parent!;
        int choice = random.Next(6);
        if (choice == 0 && parent is JsonObject po)
        {
            po.Remove(po.First(p => p.Value == target).Key);
            return (root, $"{path} removed");
        }
        if (choice == 1 && parent is JsonObject pu)
        {
            pu["unknown_field"] = 1;
            return (root, $"unknown field added beside {path}");
        }
        var replacement = JsonNode.Parse(value);
        if (parent is JsonObject o) o[o.First(p => p.Value == target).Key] = replacement;
        else if (parent is JsonArray a) a[a.IndexOf(target)] = replacement;
        return (root, $"{path} set to {value}");
    }

    static (byte[], string)? Safetensors(byte[] bytes, Random random)
    {
        if (bytes.Length < 8) return null;
        long length = (long)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (length > bytes.Length - 8) return null;
        var header = JsonNode.Parse(bytes.AsSpan(8, (int)length))!;
        var data = bytes[(8 + (int)length)..];
        string what;
        if (random.Next(3) == 0)
        {
            // Offsets or shapes of one tensor moved: the layout rules' cases (overlap, gap, byte count).
            var tensors = header.AsObject().Where(p => p.Key != "__metadata__").ToList();
            if (tensors.Count == 0) return null;
            var (name, entry) = tensors[random.Next(tensors.Count)];
            var field = random.Next(2) == 0 ? "data_offsets" : "shape";
            // An earlier mutation may have removed the field or nulled it: then this one is a generic one.
            if (entry is not JsonObject o || o[field] is not JsonArray array || array.Count == 0) return null;
            int i = random.Next(array.Count);
            long value = random.Next(2) == 0 || array[i] is null ? Integers[random.Next(Integers.Length)] : array[i]!.GetValue<long>() + random.Next(-8, 9);
            array[i] = value;
            what = $"safetensors '{name}'.{field}[{i}] set to {value}";
        }
        else
        {
            JsonNode? mutated;
            (mutated, what) = MutateJson(header, random);
            header = mutated ?? JsonValue.Create(0)!;
            what = "safetensors header: " + what;
        }
        var json = Encoding.UTF8.GetBytes(header.ToJsonString());
        var prefix = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)json.Length);
        return ([.. prefix, .. json, .. data], what);
    }

    static (byte[], string)? Pt(byte[] bytes, Random random)
    {
        var entries = new List<(string Name, byte[] Data)>();
        using (var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read))
            foreach (var e in zip.Entries)
            {
                using var s = e.Open();
                var m = new MemoryStream();
                s.CopyTo(m);
                entries.Add((e.FullName, m.ToArray()));
            }
        if (entries.Count == 0) return null;
        string what;
        int pickle = entries.FindIndex(e => e.Name.EndsWith("data.pkl", StringComparison.Ordinal));
        switch (random.Next(5))
        {
            case 0 when pickle >= 0:
            {
                var (data, w) = PickleIntegers(entries[pickle].Data, random);
                entries[pickle] = (entries[pickle].Name, data);
                what = w;
                break;
            }
            case 1 when pickle >= 0:
            {
                var text = Encoding.Latin1.GetString(entries[pickle].Data);
                var global = new[] { "os\nsystem\n", "builtins\neval\n", "subprocess\nPopen\n", "torch\nload\n" }[random.Next(4)];
                var replaced = System.Text.RegularExpressions.Regex.Replace(text, "collections\nOrderedDict\n|torch\\._utils\n_rebuild_tensor_v2\n", global.Replace("$", "$$"), System.Text.RegularExpressions.RegexOptions.None);
                entries[pickle] = (entries[pickle].Name, Encoding.Latin1.GetBytes(replaced));
                what = $"pickle globals replaced by {global.Replace('\n', ' ').Trim()}";
                break;
            }
            case 2:
            {
                int i = random.Next(entries.Count);
                var name = new[] { "../evil", "/abs/path", "other/" + entries[i].Name.Split('/')[^1], entries[i].Name + "x", "model/../../x" }[random.Next(5)];
                what = $"zip entry {entries[i].Name} renamed {name}";
                entries[i] = (name, entries[i].Data);
                break;
            }
            case 3:
            {
                int i = random.Next(entries.Count);
                what = $"zip entry {entries[i].Name} removed";
                entries.RemoveAt(i);
                break;
            }
            default:
            {
                int i = random.Next(entries.Count);
                int length = random.Next(entries[i].Data.Length + 1);
                what = $"zip entry {entries[i].Name} cut to {length} bytes";
                entries[i] = (entries[i].Name, entries[i].Data[..length]);
                break;
            }
        }
        var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (name, data) in entries)
            {
                var e = zip.CreateEntry(name, CompressionLevel.NoCompression);
                using var s = e.Open();
                s.Write(data);
            }
        return (output.ToArray(), what);
    }

    /// <summary>One integer opcode of the pickle (BININT1, BININT2, BININT) replaced by BININT carrying a boundary value:
    /// shapes, strides, offsets and element counts all come from these.</summary>
    static (byte[], string) PickleIntegers(byte[] pickle, Random random)
    {
        var at = new List<int>();
        for (int i = 2; i < pickle.Length - 1; i++)
            if (pickle[i] == (byte)'K' && (pickle[i - 1] is (byte)'Q' or (byte)'K' or (byte)'q' or 0x86 or 0x85 or (byte)'(' or (byte)'h')) at.Add(i);
        if (at.Count == 0) return (pickle, "no pickle integer found");
        int p = at[random.Next(at.Count)];
        long value = Integers[random.Next(Integers.Length)];
        var replacement = new byte[5];
        replacement[0] = (byte)'J';
        BinaryPrimitives.WriteInt32LittleEndian(replacement.AsSpan(1), unchecked((int)value));
        return ([.. pickle[..p], .. replacement, .. pickle[(p + 2)..]], $"pickle integer {pickle[p + 1]} at byte {p} set to {unchecked((int)value)}");
    }

    static string Quote(string s) => "'" + s.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal) + "'";
}
