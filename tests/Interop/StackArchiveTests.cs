using TorchAe.Kernels;
using TorchAe.IO;
using System.Text.Json.Nodes;
using TorchAe.Interop;
using TorchAe.Models;
using TorchAe.Options;
using TorchAe.Tests.Support;
using static TorchSharp.torch;

namespace TorchAe.Tests.Interop;

public sealed class StackArchiveTests
{
    [Theory]
    [InlineData(ScalarType.Float64)]
    [InlineData(ScalarType.Float32)]
    public void SaveThenLoad_GivesIdenticalWeightsNamesAndArchitecture(ScalarType dtype)
    {
        using var dir = new TempFolder();
        var stack = TestStacks.Build(3, dtype);
        StackArchive.Save(dir.Path, stack, TestStacks.ClassNames);

        var loaded = StackArchive.Load(dir.Path, CPU);
        Assert.True(TestStacks.Identical(stack, loaded.Stack));
        Assert.Equal(TestStacks.ClassNames, loaded.ClassNames);
        Assert.Equal([Activation.Sigmoid, Activation.Tanh], loaded.Stack.Activations);
        Assert.Equal($"12-6(sigmoid)-4(tanh)-3 classes, {(dtype == ScalarType.Float64 ? "float64" : "float32")}", loaded.Architecture.ToString());
        var x = rand(new long[] { 5, 12 }, dtype: dtype, generator: new Generator(9));
        Assert.True(stack.call(x).Equals(loaded.Stack.call(x)), "the loaded stack computes the same logits");
        Assert.Equal(["model.dat", "model.json"], Directory.GetFiles(dir.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Save_WritesDescribedJson()
    {
        using var dir = new TempFolder();
        StackArchive.Save(dir.Path, TestStacks.Build(1), TestStacks.ClassNames);
        var json = JsonNode.Parse(File.ReadAllText(dir["model.json"]))!;
        Assert.Equal("torchae-stack", (string?)json["format"]);
        Assert.Equal(12, (int?)json["input_size"]);
        Assert.Equal(6, (int?)json["layers"]![0]!["hidden"]);
        Assert.Equal("tanh", (string?)json["layers"]![1]!["activation"]);
        Assert.Equal(3, (int?)json["classes"]);
        Assert.Equal("triangle", (string?)json["class_names"]![2]);
        Assert.Equal("float64", (string?)json["dtype"]);
        Assert.Equal("model.dat", (string?)json["weights"]);
    }

    [Theory]
    [InlineData("a,b")]
    [InlineData("a,b,a")]
    [InlineData("a,,c")]
    public void Save_ClassNamesNotOnePerClass_IsRefusedBeforeWriting(string joined)
    {
        var names = joined.Split(',');
        using var dir = new TempFolder();
        var e = Assert.Throws<OptionException>(() => StackArchive.Save(dir.Path, TestStacks.Build(1), names));
        Assert.StartsWith("class names must be 3 distinct non-empty names, one per class, got '[", e.Message);
        Assert.Empty(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void Load_MissingFolderOrDescription_NamesThePath()
    {
        using var dir = new TempFolder();
        var missing = dir["nope"];
        Assert.Equal(missing, Assert.Throws<DataFormatException>(() => StackArchive.Load(missing, CPU)).Path);
        var e = Assert.Throws<DataFormatException>(() => StackArchive.Load(dir.Path, CPU));
        Assert.Equal(dir["model.json"], e.Path);
        Assert.Contains("not found", e.Message);
    }

    [Fact]
    public void Load_MissingWeights_NamesModelDat()
    {
        using var dir = new TempFolder();
        StackArchive.Save(dir.Path, TestStacks.Build(1), TestStacks.ClassNames);
        File.Delete(dir["model.dat"]);
        var e = Assert.Throws<DataFormatException>(() => StackArchive.Load(dir.Path, CPU));
        Assert.Equal(dir["model.dat"], e.Path);
        Assert.Contains("not found (model.json describes 12-6(sigmoid)-4(tanh)-3 classes, float64", e.Message);
    }

    [Theory]
    [InlineData("{ not json", "not valid JSON")]
    [InlineData("[]", "$: must be a JSON object")]
    [InlineData("""{"format": "other"}""", "$.format: must be \"torchae-stack\", got \"other\"")]
    public void Load_CorruptDescription_NamesModelJson(string json, string expected)
    {
        using var dir = new TempFolder();
        StackArchive.Save(dir.Path, TestStacks.Build(1), TestStacks.ClassNames);
        File.WriteAllText(dir["model.json"], json);
        var e = Assert.Throws<DataFormatException>(() => StackArchive.Load(dir.Path, CPU));
        Assert.Equal(dir["model.json"], e.Path);
        Assert.Contains(expected, e.Message);
    }

    [Theory]
    [InlineData("layers", 0, "activation", "relu", "$.layers[0].activation: activation must be one of sigmoid, tanh, got 'relu'")]
    [InlineData("layers", 1, "hidden", "five", "$.layers[1].hidden: must be an integer, got \"five\"")]
    [InlineData("class_names", -1, null, "only-one", "$.class_names: must be an array of strings")]
    [InlineData("dtype", -1, null, "float16", "$.dtype: must be float32 or float64, got 'float16'")]
    [InlineData("classes", -1, null, 1, "$: classes must be an integer >= 2, got 1")]
    public void Load_InvalidField_NamesTheJsonPath(string field, int index, string? inner, object value, string expected)
    {
        using var dir = new TempFolder();
        StackArchive.Save(dir.Path, TestStacks.Build(1), TestStacks.ClassNames);
        var json = JsonNode.Parse(File.ReadAllText(dir["model.json"]))!;
        JsonNode node = value is string text ? JsonValue.Create(text) : JsonValue.Create((int)value);
        if (index >= 0) json[field]![index]![inner!] = node;
        else json[field] = node;
        File.WriteAllText(dir["model.json"], json.ToJsonString());
        var e = Assert.Throws<DataFormatException>(() => StackArchive.Load(dir.Path, CPU));
        Assert.Equal($"{dir["model.json"]}: {expected}", e.Message);
    }

    [Fact]
    public void Load_GarbageOrTruncatedWeights_NamesModelDat()
    {
        using var dir = new TempFolder();
        StackArchive.Save(dir.Path, TestStacks.Build(1), TestStacks.ClassNames);
        var bytes = File.ReadAllBytes(dir["model.dat"]);
        File.WriteAllBytes(dir["model.dat"], bytes[..(bytes.Length / 2)]);
        var truncated = Assert.Throws<DataFormatException>(() => StackArchive.Load(dir.Path, CPU));
        Assert.Equal(dir["model.dat"], truncated.Path);
        Assert.Contains("does not hold the weights of 12-6(sigmoid)-4(tanh)-3 classes, float64 described by model.json", truncated.Message);

        File.WriteAllBytes(dir["model.dat"], Enumerable.Range(0, 300).Select(i => (byte)(i * 37)).ToArray());
        Assert.Equal(dir["model.dat"], Assert.Throws<DataFormatException>(() => StackArchive.Load(dir.Path, CPU)).Path);
    }

    [Fact]
    public void Load_WeightsOfAnotherArchitectureOrDtype_NamesModelDat()
    {
        using var dir = new TempFolder();
        using var other = new TempFolder();
        StackArchive.Save(dir.Path, TestStacks.Build(1), TestStacks.ClassNames);

        // Same names, one hidden size different.
        var g = new Generator(4);
        var a = new SparseAutoencoder(12, 7, Activation.Sigmoid, Activation.Sigmoid, g, ScalarType.Float64);
        var b = new SparseAutoencoder(7, 4, Activation.Tanh, Activation.Sigmoid, g, ScalarType.Float64);
        StackArchive.Save(other.Path, new StackedAutoencoder([(a.Encoder, Activation.Sigmoid), (b.Encoder, Activation.Tanh)], new SoftmaxClassifier(4, 3, g, ScalarType.Float64)), TestStacks.ClassNames);
        File.Copy(other["model.dat"], dir["model.dat"], overwrite: true);
        var shape = Assert.Throws<DataFormatException>(() => StackArchive.Load(dir.Path, CPU));
        Assert.Equal(dir["model.dat"], shape.Path);

        // Same shapes, float32 weights under a float64 description.
        StackArchive.Save(other.Path, TestStacks.Build(1, ScalarType.Float32), TestStacks.ClassNames);
        File.Copy(other["model.dat"], dir["model.dat"], overwrite: true);
        Assert.Equal(dir["model.dat"], Assert.Throws<DataFormatException>(() => StackArchive.Load(dir.Path, CPU)).Path);

        // One layer fewer than described.
        var single = new SparseAutoencoder(12, 4, Activation.Sigmoid, Activation.Sigmoid, g, ScalarType.Float64);
        StackArchive.Save(other.Path, new StackedAutoencoder([(single.Encoder, Activation.Sigmoid)], new SoftmaxClassifier(4, 3, g, ScalarType.Float64)), TestStacks.ClassNames);
        File.Copy(other["model.dat"], dir["model.dat"], overwrite: true);
        Assert.Equal(dir["model.dat"], Assert.Throws<DataFormatException>(() => StackArchive.Load(dir.Path, CPU)).Path);
    }
}
