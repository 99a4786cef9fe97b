using System.Buffers.Binary;
using System.Text.Json;
using TorchAe.Data.Sets;
using TorchAe.Interop;
using TorchAe.Kernels;
using TorchAe.Losses;
using TorchAe.Tests.Support;
using static TorchSharp.torch;

namespace TorchAe.Tests.Interop;

/// <summary>The whole model in the archive and in exported files: the fine-tuned stack, each autoencoder as pretraining
/// left it, and the metadata; export → import → export gives the same bytes, and the imported model computes the same.</summary>
public sealed class TrainedModelTests
{
    [Fact]
    public void Archive_SaveThenLoad_KeepsStackAutoencodersAndMetadata()
    {
        using var dir = new TempFolder();
        var model = TestStacks.BuildModel(3) with { Scaler = new FeatureScaler(FeatureScaling.Standard, 0.25, 1.0 / 3) };
        StackArchive.Save(dir.Path, model);

        var back = StackArchive.Load(dir.Path, CPU);
        Assert.True(TestStacks.Identical(model.Stack, back.Stack));
        Assert.Equal(2, back.Autoencoders.Count);
        for (int l = 0; l < 2; l++) Assert.True(TestStacks.Identical(model.Autoencoders[l], back.Autoencoders[l]), $"autoencoder {l + 1}");
        Assert.Equal([Activation.Sigmoid, Activation.Linear], back.Autoencoders.Select(a => a.DecoderActivation));
        Assert.Equal([3, 4], back.InputShape);
        Assert.Equal([Objective.Mean, Objective.Sum], back.Objectives);
        Assert.Equal(TestStacks.ClassNames, back.ClassNames);
        Assert.Equal(model.Scaler, back.Scaler);   // offset and divisor to the last bit
        // The fine-tuned encoders are not the pretrained ones: both are kept, not one twice.
        Assert.False(back.Stack.Encoders[0].weight.Equals(back.Autoencoders[0].Encoder.weight));
    }

    [Theory]
    [InlineData("pytorch", "m.pt")]
    [InlineData("safetensors", "m.safetensors")]
    public void ExportImportExport_GivesTheSameBytes(string format, string file)
    {
        using var dir = new TempFolder();
        StackArchive.Save(dir["run"], TestStacks.BuildModel(4));
        Assert.Equal(0, Torchae.Run("export", "--run", dir["run"], "--format", format, "--out", dir[file]).Code);
        var import = Torchae.Run("import", "--file", dir[file], "--out", dir["imported"]);
        Assert.True(import.Code == 0, import.Error);
        var again = Torchae.Run("export", "--run", dir["imported"], "--format", format, "--out", dir["again-" + file]);
        Assert.True(again.Code == 0, again.Error);

        Assert.Equal(File.ReadAllBytes(dir[file]), File.ReadAllBytes(dir["again-" + file]));
        if (format != "pytorch") return;
        Assert.Equal(File.ReadAllBytes(dir[file + ".json"]), File.ReadAllBytes(dir["again-" + file + ".json"]));
        // Bytes depend on the model only: the zip's time stamps are fixed, not the clock's.
        using var zip = System.IO.Compression.ZipFile.OpenRead(dir[file]);
        Assert.All(zip.Entries, e => Assert.Equal(new DateTime(2000, 1, 1), e.LastWriteTime.DateTime));
    }

    [Fact]
    public void Import_ExportedModel_EncodesAndReconstructsExactlyAsTheOriginal()
    {
        using var dir = new TempFolder();
        var model = TestStacks.BuildModel(5);
        StackArchive.Save(dir["run"], model);
        Assert.Equal(0, Torchae.Run("export", "--run", dir["run"], "--format", "safetensors", "--out", dir["m.safetensors"]).Code);
        Assert.Equal(0, Torchae.Run("import", "--file", dir["m.safetensors"], "--out", dir["imported"]).Code);
        var imported = StackArchive.Load(dir["imported"], CPU);

        var x = rand(new long[] { 7, 12 }, dtype: ScalarType.Float64, generator: new Generator(9));
        using var _ = no_grad();
        Assert.True(model.Stack.Encode(x).Equals(imported.Stack.Encode(x)));
        Assert.True(model.Stack.call(x).Equals(imported.Stack.call(x)));
        for (int l = 0, size = 12; l < 2; size = model.Autoencoders[l].HiddenSize, l++)
        {
            var input = l == 0 ? x : model.Autoencoders[0].Encode(x);
            Assert.True(model.Autoencoders[l].call(input).Reconstruction.Equals(imported.Autoencoders[l].call(input).Reconstruction), $"autoencoder {l + 1}");
        }
        Assert.Equal([Activation.Sigmoid, Activation.Tanh], imported.Stack.Activations);
        Assert.Equal([3, 4], imported.InputShape);
        Assert.Equal([Objective.Mean, Objective.Sum], imported.Objectives);
        Assert.Equal(TestStacks.ClassNames, imported.ClassNames);
    }

    [Fact]
    public void Safetensors_Header_CarriesTheMetadataAsSafetensorsSpecifies()
    {
        using var dir = new TempFolder();
        StackArchive.Save(dir["run"], TestStacks.BuildModel(6) with { Scaler = new FeatureScaler(FeatureScaling.Minmax, 0, 16) });
        Assert.Equal(0, Torchae.Run("export", "--run", dir["run"], "--format", "safetensors", "--out", dir["m.safetensors"]).Code);

        // Read by the specification, not by our reader: u64 little-endian header length, JSON header, then data.
        var bytes = File.ReadAllBytes(dir["m.safetensors"]);
        var length = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.Equal(0, length % 8);
        using var header = JsonDocument.Parse(bytes.AsMemory(8, length));
        var metadata = header.RootElement.GetProperty("__metadata__").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString());
        Assert.Equal(new Dictionary<string, string?>
        {
            ["format"] = "pt", ["torchae_version"] = ModelMetadata.TorchAeVersion, ["input_shape"] = "[3,4]",
            ["activations"] = "sigmoid,tanh", ["decoder_activations"] = "sigmoid,linear", ["objective"] = "mean,sum",
            ["class_names"] = "[\"circle\",\"square\",\"triangle\"]",
            ["scale"] = "{\"method\":\"minmax\",\"offset\":0,\"divisor\":16}",
        }, metadata);
        var last = header.RootElement.GetProperty("autoencoders.1.decoder.bias");
        Assert.Equal("F64", last.GetProperty("dtype").GetString());
        Assert.Equal(bytes.Length - 8 - length, last.GetProperty("data_offsets")[1].GetInt64());
        Assert.Matches(@"^\d+\.\d+\.\d+", ModelMetadata.TorchAeVersion);
    }

    [Fact]
    public void Import_AutoencodersOfOnlySomeLayers_Refused()
    {
        using var dir = new TempFolder();
        var model = TestStacks.BuildModel(7);
        var partial = new Dictionary<string, Tensor>(model.Stack.state_dict());
        foreach (var (name, t) in model.Autoencoders[0].state_dict()) partial[$"autoencoders.0.{name}"] = t;
        var e = Assert.Throws<TorchAe.IO.DataFormatException>(() => StackImport.ToModel(partial, new Dictionary<string, string>(), null, null, "f.pt"));
        Assert.Equal("f.pt: 'autoencoders.1.encoder.weight' is missing (the file holds autoencoders, so it needs all 2 of them)", e.Message);
    }
}
