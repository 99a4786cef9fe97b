using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using TorchAe.Tests.Interop;
using TorchAe.Tests.Support;

namespace TorchAe.Tests.Reliability.Fuzz;

/// <summary>Each mutated file that broke a reader (issue 22's 450-file trial and this fuzzer), kept as a named case:
/// refused with exit 2, one line naming the file and what is wrong, no exception name or native backtrace, and no
/// --out left behind.</summary>
public sealed class FuzzRegressionTests(FuzzSeeds seeds) : IClassFixture<FuzzSeeds>
{
    /// <summary>Runs torchae and asserts the refusal; returns its line.</summary>
    static string Refused(string output, params string[] args)
    {
        var (code, stdout, stderr) = Torchae.Run(args);
        Assert.True(code == 2, $"exit {code}; stdout {stdout}; stderr {stderr}");
        Assert.Equal(1, stderr.Count(c => c == '\n'));
        Assert.DoesNotContain("Exception", stderr);
        Assert.DoesNotContain("frame #", stderr);
        Assert.False(Directory.Exists(output) || File.Exists(output), $"{output} was left behind");
        return stderr.TrimEnd('\n');
    }

    TempFolder Copy(params string[] names)
    {
        var dir = new TempFolder();
        foreach (var name in names)
        {
            var source = Path.Combine(seeds.Path, name);
            if (Directory.Exists(source))
                foreach (var f in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
                {
                    var to = Path.Combine(dir[name], Path.GetRelativePath(source, f));
                    Directory.CreateDirectory(Path.GetDirectoryName(to)!);
                    File.Copy(f, to);
                }
            else File.Copy(source, dir[name]);
        }
        return dir;
    }

    [Fact]
    public void Export_ModelDatRankInt32Max_RefusedWithoutAllocating()
    {
        using var dir = Copy("archive");
        var bytes = File.ReadAllBytes(dir["archive/model.dat"]);
        // Entry 0: count (1 byte), name length (1) + name, dtype (1), then the rank, 7-bit encoded: 2147483647.
        int rank = 2 + bytes[1] + 1;
        byte[] huge = [0xFF, 0xFF, 0xFF, 0xFF, 0x07];
        File.WriteAllBytes(dir["archive/model.dat"], [.. bytes[..rank], .. huge, .. bytes[(rank + 1)..]]);
        var line = Refused(dir["out.safetensors"], "export", "--run", dir["archive"], "--format", "safetensors", "--out", dir["out.safetensors"]);
        Assert.Equal($"torchae export: {dir["archive/model.dat"]}: byte {rank}: 'encoders.0.weight' has rank 2147483647, model.json implies 2 ([6, 12])", line);
    }

    [Fact]
    public void Export_ModelJsonHiddenInt32Max_RefusedWithoutAllocating()
    {
        using var dir = Copy("archive");
        var json = JsonNode.Parse(File.ReadAllText(dir["archive/model.json"]))!;
        json["layers"]![0]!["hidden"] = int.MaxValue;
        File.WriteAllText(dir["archive/model.json"], json.ToJsonString());
        var line = Refused(dir["out.safetensors"], "export", "--run", dir["archive"], "--format", "safetensors", "--out", dir["out.safetensors"]);
        Assert.StartsWith($"torchae export: {dir["archive/model.dat"]}: holds {new FileInfo(dir["archive/model.dat"]).Length} bytes, but the parameters of 12-2147483647(sigmoid)", line);
    }

    [Theory]
    [InlineData("test_count", 2147483647, "$.data.test_count: test_count must be an integer <= 10000000, got 2147483647")]
    [InlineData("train_count", 9000000, "$.data.train_count: train_count must be an integer <= 3472222 for size 12 (at most 500000000 values per set), got 9000000")]
    public void TrainConfig_HugeCount_RefusedNamingTheField(string field, int value, string expected)
    {
        using var dir = Copy("config.json");
        var json = JsonNode.Parse(File.ReadAllText(dir["config.json"]))!;
        json["data"]![field] = value;
        File.WriteAllText(dir["config.json"], json.ToJsonString());
        Assert.Equal($"torchae train: {dir["config.json"]}: {expected}", Refused(dir["out"], "train", "--config", dir["config.json"], "--out", dir["out"]));
    }

    [Fact]
    public void Dataset_PatchesCountTimesPatchTooLarge_RefusedBeforeDrawing()
    {
        using var dir = Copy("image.pgm");
        Assert.Equal("torchae dataset: --train-count must be an integer <= 1953125 for patch_size 16 (at most 500000000 values per set), got 9000000",
            Refused(dir["out"], "dataset", "patches", "--data", dir["image.pgm"], "--patch-size", "16", "--count", "9000000", "--out", dir["out"]));
    }

    [Fact]
    public void TrainConfig_HiddenLayerTooLargeForItsInput_Refused()
    {
        using var dir = Copy("config.json");
        var json = JsonNode.Parse(File.ReadAllText(dir["config.json"]))!;
        json["pipeline"]!["layers"]![1]!["hidden"] = 1_000_000;
        json["pipeline"]!["layers"]![0]!["hidden"] = 1_000_000;
        File.WriteAllText(dir["config.json"], json.ToJsonString());
        Assert.Equal($"torchae train: {dir["config.json"]}: $.pipeline.layers[1].hidden: 1000000 units on 1000000 inputs make a 1000000×1000000 weight matrix; at most 500000000 values are allowed",
            Refused(dir["out"], "train", "--config", dir["config.json"], "--out", dir["out"]));
    }

    /// <summary>The .pt's entries rewritten by <paramref name="change"/> (name, bytes) → (name, bytes) or null to drop.</summary>
    static void RewritePt(string path, Func<string, byte[], (string, byte[])?> change)
    {
        var entries = new List<(string, byte[])>();
        using (var zip = ZipFile.OpenRead(path))
            foreach (var e in zip.Entries)
            {
                using var s = e.Open();
                var m = new MemoryStream();
                s.CopyTo(m);
                if (change(e.FullName, m.ToArray()) is { } kept) entries.Add(kept);
            }
        File.Delete(path);
        using var output = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var (name, data) in entries)
        {
            using var s = output.CreateEntry(name, CompressionLevel.NoCompression).Open();
            s.Write(data);
        }
    }

    [Fact]
    public void Import_PtShapeBeyondItsStorage_RefusedBeforeLibtorch()
    {
        using var dir = Copy("model.pt");
        // encoders.0.weight is (6, 12) over a storage of 72 elements: make its first size 7.
        RewritePt(dir["model.pt"], (name, data) =>
        {
            if (!name.EndsWith("data.pkl", StringComparison.Ordinal)) return (name, data);
            int at = IndexOf(data, [(byte)'K', 6, (byte)'K', 12]);
            data[at + 1] = 7;
            return (name, data);
        });
        var line = Refused(dir["out"], "import", "--file", dir["model.pt"], "--out", dir["out"]);
        Assert.Equal($"torchae import: {dir["model.pt"]}: 'encoders.0.weight': size [7, 12], stride [12, 1] and offset 0 reach element 83, but its storage '0' holds 72", line);
    }

    [Fact]
    public void Import_PtEntryOutsideTheArchiveFolder_Refused()
    {
        using var dir = Copy("model.pt");
        RewritePt(dir["model.pt"], (name, data) => (name.EndsWith("/version", StringComparison.Ordinal) ? "elsewhere/version" : name, data));
        Assert.Equal($"torchae import: {dir["model.pt"]}: zip entry 'elsewhere/version' lies outside the archive's folder 'model/'",
            Refused(dir["out"], "import", "--file", dir["model.pt"], "--out", dir["out"]));
    }

    [Fact]
    public void Import_PtPickleCallingAnotherGlobal_RefusedAndNothingRuns()
    {
        using var dir = Copy("model.pt");
        var marker = dir["ran"];
        RewritePt(dir["model.pt"], (name, data) =>
        {
            if (!name.EndsWith("data.pkl", StringComparison.Ordinal)) return (name, data);
            // PROTO 2, GLOBAL os.system, ('touch MARKER',), REDUCE, STOP: what a malicious file does.
            var command = Encoding.ASCII.GetBytes($"touch {marker}");
            byte[] pickle = [0x80, 2, .. "cos\nsystem\n"u8, (byte)'X', .. BitConverter.GetBytes(command.Length), .. command, 0x85, (byte)'R', (byte)'.'];
            return (name, pickle);
        });
        Assert.Equal($"torchae import: {dir["model.pt"]} (model/data.pkl): byte 2: the pickle names the global os.system, which a state_dict never needs; nothing in a file is run (allowed: collections.OrderedDict, torch._utils._rebuild_tensor_v2, torch._utils._rebuild_parameter, torch.*Storage)",
            Refused(dir["out"], "import", "--file", dir["model.pt"], "--out", dir["out"]));
        Assert.False(File.Exists(marker));
    }

    /// <summary>The same attack as PyTorch writes it: <c>torch.save</c> of an object whose <c>__reduce__</c> is
    /// <c>os.system</c>, made by the real python3 with torch.</summary>
    [PyTorchFact]
    public void Import_PtSavedByPyTorchWithOsSystemReduce_RefusedAndNothingRuns()
    {
        using var dir = new TempFolder();
        var marker = dir["ran"];
        var script = $$"""
            import os, torch
            class Evil:
                def __reduce__(self):
                    return (os.system, ("touch {{marker}}",))
            torch.save({"encoders.0.weight": Evil()}, "{{dir["evil.pt"]}}")
            """;
        File.WriteAllText(dir["make.py"], script);
        var (code, _, error) = PythonTorch.Run([dir["make.py"]], TimeSpan.FromSeconds(60));
        Assert.True(code == 0, error);
        var line = Refused(dir["out"], "import", "--file", dir["evil.pt"], "--out", dir["out"]);
        Assert.Contains("the pickle names the global posix.system, which a state_dict never needs", line);
        Assert.False(File.Exists(marker));
    }

    /// <summary>A gzipped labels file whose stream inflates to 64 MiB of zeros behind a trailer that promises its 38
    /// bytes: inflating stops one byte past the promise (it read the whole stream before).</summary>
    [Fact]
    public void Dataset_GzipBombBehindASmallTrailer_RefusedAtTheTrailersSize()
    {
        using var dir = Copy("mnist-gz");
        var bomb = TempFolder.Gzip(new byte[64 << 20]);
        BinaryPrimitives.WriteUInt32LittleEndian(bomb.AsSpan(bomb.Length - 4), 38);
        File.WriteAllBytes(dir["mnist-gz/train-labels-idx1-ubyte.gz"], bomb);
        var before = GC.GetTotalAllocatedBytes(precise: true);
        Assert.Equal($"torchae dataset: {dir["mnist-gz/train-labels-idx1-ubyte.gz"]}: corrupt gzip data: it inflates to more than the 38 bytes its trailer promises",
            Refused(dir["out"], "dataset", "mnist", "--data", dir["mnist-gz"], "--out", dir["out"]));
        Assert.True(GC.GetTotalAllocatedBytes(precise: true) - before < 32 << 20, "the bomb was inflated");
    }

    /// <summary>A trailer promising more than deflate can make of the file (1032 bytes per byte) is refused before inflating.</summary>
    [Fact]
    public void Dataset_GzipTrailerBeyondDeflatesExpansion_Refused()
    {
        using var dir = Copy("mnist-gz");
        var path = dir["mnist-gz/train-labels-idx1-ubyte.gz"];
        var bytes = File.ReadAllBytes(path);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(bytes.Length - 4), uint.MaxValue);
        File.WriteAllBytes(path, bytes);
        Assert.Equal($"torchae dataset: {path}: truncated or corrupt gzip data: its trailer promises {uint.MaxValue} bytes, more than {bytes.Length} compressed bytes can hold (at most {1032L * bytes.Length})",
            Refused(dir["out"], "dataset", "mnist", "--data", dir["mnist-gz"], "--out", dir["out"]));
    }

    /// <summary>A checkpoint's tensor file cut short: refused by the project's safetensors reader with one line (PyBridge's
    /// reader said "cannot be read as safetensors (EndOfStreamException: …)"), the run folder unchanged.</summary>
    [Fact]
    public void Resume_CheckpointTensorFileCut_RefusedOneLineFolderUnchanged()
    {
        using var dir = Copy("run");
        var tensors = Directory.GetFiles(dir["run/checkpoint"], "tensors-*.safetensors").Single();
        var bytes = File.ReadAllBytes(tensors);
        File.WriteAllBytes(tensors, bytes[..(bytes.Length - 100)]);
        var before = ChildRun.Snapshot(dir["run"]);
        var (code, stdout, stderr) = Torchae.Run("shapes", "--resume", dir["run"], "--quiet");
        Assert.True(code == 2, $"exit {code}: {stderr}");
        Assert.Matches(@"^torchae shapes: .*tensors-\d+\.safetensors: header '.*'\.data_offsets \[\d+, \d+\]: beyond the \d+ bytes of data after the header\n$", stderr);
        Assert.Equal("", stdout);
        var after = ChildRun.Snapshot(dir["run"]);
        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        Assert.All(before, f => Assert.Equal(f.Value, after[f.Key]));
    }

    static byte[] Safetensors(string header, int dataBytes)
    {
        var json = Encoding.UTF8.GetBytes(header);
        var prefix = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)json.Length);
        return [.. prefix, .. json, .. new byte[dataBytes]];
    }

    [Theory]
    [InlineData("""{"a":{"dtype":"F32","shape":[2147483648,6],"data_offsets":[0,48]}}""", 48, "header 'a'.data_offsets [0, 48]: 48 bytes, but F32 × [2147483648, 6] needs 51539607552")]
    [InlineData("""{"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]},"b":{"dtype":"F32","shape":[2],"data_offsets":[8,16]}}""", 16, "header 'b'.data_offsets [8, 16]: overlaps the tensor before it, which ends at 16 (tensors must not share bytes)")]
    [InlineData("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[12,20]}}""", 20, "header 'b'.data_offsets [12, 20]: leaves a gap after byte 8 (tensors must be contiguous)")]
    [InlineData("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", 12, "the tensors cover 8 bytes, but 12 bytes follow the header (they must cover them exactly)")]
    [InlineData("""{"a":{"dtype":"F32","shape":[9223372036854775807,2],"data_offsets":[0,8]}}""", 8, "header 'a'.shape: [9223372036854775807, 2] of F32 overflows 64 bits")]
    public void Import_SafetensorsLayoutBroken_Refused(string header, int dataBytes, string expected)
    {
        using var dir = new TempFolder();
        File.WriteAllBytes(dir["m.safetensors"], Safetensors(header, dataBytes));
        Assert.Equal($"torchae import: {dir["m.safetensors"]}: {expected}", Refused(dir["out"], "import", "--file", dir["m.safetensors"], "--out", dir["out"]));
    }

    [Fact]
    public void Import_RefusedFile_LeavesNoOutFolder()
    {
        using var dir = new TempFolder();
        File.WriteAllBytes(dir["m.safetensors"], [1, 2, 3]);
        Refused(dir["deep/out"], "import", "--file", dir["m.safetensors"], "--out", dir["deep/out"]);
        Assert.False(Directory.Exists(dir["deep"]));
    }

    [Fact]
    public void Dataset_CsvWithCrLineEnds_ReadsEveryRow()
    {
        using var dir = Copy("data.csv");
        File.WriteAllText(dir["cr.csv"], File.ReadAllText(dir["data.csv"]).Replace('\n', '\r'));
        var lf = Torchae.Run("dataset", "csv", "--data", dir["data.csv"], "--out", dir["lf-out"]);
        var cr = Torchae.Run("dataset", "csv", "--data", dir["cr.csv"], "--out", dir["cr-out"]);
        Assert.True(cr.Code == 0, cr.Error);
        // The same summary lines (samples, classes, value statistics), whatever the line ends.
        static string Summary(string output) => string.Join('\n', output.Split('\n').Where(l => l.StartsWith("  ", StringComparison.Ordinal)));
        Assert.Equal(Summary(lf.Output), Summary(cr.Output));
        Assert.NotEmpty(Summary(cr.Output));
    }

    [Fact]
    public void Dataset_CsvCellWithCarriageReturn_QuotedEscaped()
    {
        using var dir = new TempFolder();
        File.WriteAllText(dir["t.csv"], "1,2,x\n3,\"4\r\",y\n");
        var line = Refused(dir["out"], "dataset", "csv", "--data", dir["t.csv"], "--out", dir["out"]);
        Assert.DoesNotContain("\r", line);
    }

    // ---- Found by the 10,000-case run (tools/fuzz.sh, seed 7): the crashes of its first version.

    [Fact]
    public void Import_SafetensorsHeaderNotUtf8_Refused()
    {
        using var dir = new TempFolder();
        var header = Encoding.UTF8.GetBytes("""{"a?":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""");
        header[3] = 0xFF;   // inside the name: JSON parsers accept it and fail only when the string is read
        var prefix = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)header.Length);
        File.WriteAllBytes(dir["m.safetensors"], [.. prefix, .. header, 0, 0, 0, 0]);
        Assert.Equal($"torchae import: {dir["m.safetensors"]}: byte 11: not UTF-8 text", Refused(dir["out"], "import", "--file", dir["m.safetensors"], "--out", dir["out"]));
    }

    [Fact]
    public void Export_ModelJsonNotUtf8_Refused()
    {
        using var dir = Copy("archive");
        var bytes = File.ReadAllBytes(dir["archive/model.json"]);
        int at = IndexOf(bytes, "circle"u8.ToArray());
        bytes[at] = 0x80;
        File.WriteAllBytes(dir["archive/model.json"], bytes);
        Assert.Equal($"torchae export: {dir["archive/model.json"]}: byte {at}: not UTF-8 text",
            Refused(dir["out.safetensors"], "export", "--run", dir["archive"], "--format", "safetensors", "--out", dir["out.safetensors"]));
    }

    [Fact]
    public void Import_PtSidecarValueNull_Refused()
    {
        using var dir = Copy("model.pt", "model.pt.json");
        var json = JsonNode.Parse(File.ReadAllText(dir["model.pt.json"]))!;
        json["activations"] = null;
        File.WriteAllText(dir["model.pt.json"], json.ToJsonString());
        Assert.Equal($"torchae import: {dir["model.pt.json"]}: 'activations' must be a string, got null", Refused(dir["out"], "import", "--file", dir["model.pt"], "--out", dir["out"]));
    }

    [Theory]
    [InlineData("pipeline", "layers", "$.pipeline.layers[0]: null is not allowed here")]
    [InlineData("data", "paths", "$.data.paths[0]: null is not allowed here")]
    public void TrainConfig_NullInAList_RefusedNamingThePath(string parent, string list, string expected)
    {
        using var dir = Copy("config.json");
        var json = JsonNode.Parse(File.ReadAllText(dir["config.json"]))!;
        json[parent]![list] = new JsonArray(null, null);
        File.WriteAllText(dir["config.json"], json.ToJsonString());
        Assert.Equal($"torchae train: {dir["config.json"]}: {expected}", Refused(dir["out"], "train", "--config", dir["config.json"], "--out", dir["out"]));
    }

    [Fact]
    public void Dataset_PngHeaderClaimingHugeImage_RefusedBeforeDecoding()
    {
        using var dir = Copy("folder");
        var png = Directory.GetFiles(dir["folder"], "*.png", SearchOption.AllDirectories).Order(StringComparer.Ordinal).First();
        var bytes = File.ReadAllBytes(png);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(16), 1 << 14);   // IHDR width
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(20), 1 << 14);   // IHDR height
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(29), Mutator.Crc32(bytes.AsSpan(12, 17)));
        File.WriteAllBytes(png, bytes);
        Assert.Equal($"torchae dataset: {png}: its header gives 16384×16384 pixels; at most 67108864 pixels per image are allowed",
            Refused(dir["out"], "dataset", "folder", "--data", dir["folder"], "--out", dir["out"]));
    }

    /// <summary>Case 165 of the 10,000-case run (seed 7): one PNG's header says 65536×255; the folder was decoded and
    /// 401 MB of features allocated before the next image's size refused it (23 s on a loaded machine).</summary>
    [Fact]
    public void Dataset_FolderWithOneLargeImage_RefusedFromTheHeadersAlone()
    {
        using var dir = Copy("folder");
        var png = Directory.GetFiles(dir["folder"], "*.png", SearchOption.AllDirectories).Order(StringComparer.Ordinal).First();
        var bytes = File.ReadAllBytes(png);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(16), 65536);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(20), 255);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(29), Mutator.Crc32(bytes.AsSpan(12, 17)));
        File.WriteAllBytes(png, bytes);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var line = Refused(dir["out"], "dataset", "folder", "--data", dir["folder"], "--out", dir["out"]);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.EndsWith($"is 5×5 pixels, but {png} is 65536×255; give a resize (--resize 65536x255) to scale every image to one size", line);
        // Features for 6 images of 65536×255 would be 401 MB: none may be allocated before the sizes agree.
        Assert.True(allocated < 50_000_000, $"{allocated} bytes allocated: the features were made before the headers were checked");
    }

    static int IndexOf(byte[] data, byte[] pattern)
    {
        for (int i = 0; i + pattern.Length <= data.Length; i++)
            if (data.AsSpan(i, pattern.Length).SequenceEqual(pattern)) return i;
        throw new InvalidOperationException("pattern not found");
    }
}
