using System.Text.Json;
using TorchAe.Interop;
using TorchAe.IO;
using TorchAe.Tests.Support;
using static TorchSharp.torch;

namespace TorchAe.Tests.Interop;

/// <summary>A tied autoencoder (W2 = W1ᵀ, no decoder weight of its own) through the archive, export and import: model.json
/// and the metadata say <c>tied</c>, the exported file holds the decoder weight as the copy W1ᵀ (so the documented PyTorch
/// loader builds an nn.Linear pair as for any layer), import verifies that copy and drops it, and export → import →
/// export gives the same bytes.</summary>
public sealed class TiedExportTests
{
    [Fact]
    public void Archive_SaveThenLoad_KeepsTheTiedLayer()
    {
        using var dir = new TempFolder();
        var model = TestStacks.BuildModel(3, tiedFirst: true);
        StackArchive.Save(dir.Path, model);

        var back = StackArchive.Load(dir.Path, CPU);
        Assert.Equal([true, false], back.Autoencoders.Select(a => a.Tied));
        for (int l = 0; l < 2; l++) Assert.True(TestStacks.Identical(model.Autoencoders[l], back.Autoencoders[l]), $"autoencoder {l + 1}");
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.Path, StackArchive.DescriptionFile)));
        var layers = json.RootElement.GetProperty("layers");
        Assert.True(layers[0].GetProperty("tied").GetBoolean());
        Assert.False(layers[1].TryGetProperty("tied", out _), "an untied layer's entry is as before");
    }

    [Theory]
    [InlineData("pytorch", "m.pt")]
    [InlineData("safetensors", "m.safetensors")]
    public void ExportImportExport_TiedLayer_SameBytesAndTheTransposeInTheFile(string format, string file)
    {
        using var dir = new TempFolder();
        var model = TestStacks.BuildModel(4, tiedFirst: true);
        StackArchive.Save(dir["run"], model);
        Assert.Equal(0, Torchae.Run("export", "--run", dir["run"], "--format", format, "--out", dir[file]).Code);

        var (tensors, metadata) = StateDictFile.ReadWithMetadata(dir[file]);
        Assert.Equal("true,false", metadata["tied"]);
        Assert.True(tensors["autoencoders.0.decoder.weight"].Equals(model.Autoencoders[0].Encoder.weight.t().contiguous()), "W2 is written as W1ᵀ");
        var keys = tensors.Keys.Where(k => k.StartsWith("autoencoders.0.", StringComparison.Ordinal)).ToList();
        if (format == "safetensors")   // state_dict order: the copy sits where an untied decoder weight would
            Assert.Equal(["autoencoders.0.encoder.weight", "autoencoders.0.encoder.bias", "autoencoders.0.decoder.weight", "autoencoders.0.decoder.bias"], keys);

        var import = Torchae.Run("import", "--file", dir[file], "--out", dir["imported"]);
        Assert.True(import.Code == 0, import.Error);
        var imported = StackArchive.Load(dir["imported"], CPU);
        Assert.Equal([true, false], imported.Autoencoders.Select(a => a.Tied));
        Assert.True(TestStacks.Identical(model.Autoencoders[0], imported.Autoencoders[0]));
        var again = Torchae.Run("export", "--run", dir["imported"], "--format", format, "--out", dir["again-" + file]);
        Assert.True(again.Code == 0, again.Error);
        Assert.Equal(File.ReadAllBytes(dir[file]), File.ReadAllBytes(dir["again-" + file]));
    }

    [Fact]
    public void Import_TiedLayerWhoseDecoderWeightIsNotTheTranspose_IsRefused()
    {
        using var dir = new TempFolder();
        StackArchive.Save(dir["run"], TestStacks.BuildModel(5, tiedFirst: true));
        Assert.Equal(0, Torchae.Run("export", "--run", dir["run"], "--format", "safetensors", "--out", dir["m.safetensors"]).Code);
        var (tensors, metadata) = StateDictFile.ReadWithMetadata(dir["m.safetensors"]);
        tensors["autoencoders.0.decoder.weight"] = tensors["autoencoders.0.decoder.weight"] + 1e-3;

        var e = Assert.Throws<DataFormatException>(() => StackImport.ToModel(tensors, metadata, null, null, "m.safetensors"));
        Assert.Contains("'autoencoders.0.decoder.weight' is not the transpose of 'autoencoders.0.encoder.weight', but metadata 'tied' says autoencoder 1 has tied weights", e.Message);
    }
}
