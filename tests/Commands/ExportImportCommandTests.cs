using TorchAe.Kernels;
using TorchAe.Interop;
using TorchAe.Models;
using TorchAe.Tests.Support;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace TorchAe.Tests.Commands;

public sealed class ExportImportCommandTests
{
    [Theory]
    [InlineData("pytorch", "model.pt")]
    [InlineData("safetensors", "model.safetensors")]
    public void ExportThenImport_GivesIdenticalWeights(string format, string fileName)
    {
        using var dir = new TempFolder();
        var run = dir["run"];
        var stack = TestStacks.Build(5);
        StackArchive.Save(run, stack, TestStacks.ClassNames);

        var export = Torchae.Run("export", "--run", run, "--format", format);
        Assert.True(export.Code == 0, export.Error);
        Assert.True(File.Exists(Path.Combine(run, fileName)));
        Assert.Contains("encoders.0.weight [6, 12], encoders.0.bias [6], encoders.1.weight [4, 6], encoders.1.bias [4], classifier.weight [3, 4], classifier.bias [3]", export.Output);

        var import = Torchae.Run("import", "--file", Path.Combine(run, fileName), "--out", dir["back"], "--classes", "circle,square,triangle", "--activations", "sigmoid,tanh");
        Assert.True(import.Code == 0, import.Error);
        var back = StackArchive.Load(dir["back"], CPU);
        Assert.True(TestStacks.Identical(stack, back.Stack));
        Assert.Equal(TestStacks.ClassNames, back.ClassNames);
        Assert.Equal([Activation.Sigmoid, Activation.Tanh], back.Stack.Activations);
    }

    [Fact]
    public void Export_PyTorchFile_LoadsBackWithPyBridgeOnThisRuntime()
    {
        using var dir = new TempFolder();
        var stack = TestStacks.Build(6, ScalarType.Float32);
        StackArchive.Save(dir.Path, stack, TestStacks.ClassNames);
        Assert.Equal(0, Torchae.Run("export", "--run", dir.Path, "--out", dir["weights.pt"]).Code);
        Assert.Equal(0, Torchae.Run("export", "--run", dir.Path, "--format", "safetensors", "--out", dir["weights.st"]).Code);

        var fromPt = StackArchitecture.Of(stack).CreateModel();
        fromPt.load_py(dir["weights.pt"], strict: true);
        var fromSafetensors = StackArchitecture.Of(stack).CreateModel();
        fromSafetensors.load_safetensors(dir["weights.st"], strict: true);
        Assert.True(TestStacks.Identical(stack, fromPt));
        Assert.True(TestStacks.Identical(stack, fromSafetensors));
    }

    [Fact]
    public void Import_FileWithoutMetadata_DefaultsToSigmoidAndNumberedClasses()
    {
        using var dir = new TempFolder();
        StackArchive.Save(dir["run"], TestStacks.Build(5), TestStacks.ClassNames);
        Assert.Equal(0, Torchae.Run("export", "--run", dir["run"]).Code);
        File.Delete(Path.Combine(dir["run"], "model.pt.json"));   // as PyTorch's torch.save writes it: tensors only
        var import = Torchae.Run("import", "--file", Path.Combine(dir["run"], "model.pt"), "--out", dir["back"]);
        Assert.True(import.Code == 0, import.Error);
        Assert.StartsWith("12-6(sigmoid)-4(sigmoid)-3 classes, float64; classes 0, 1, 2", import.Output);
        Assert.Equal(["0", "1", "2"], StackArchive.Load(dir["back"], CPU).ClassNames);
    }

    [Fact]
    public void Import_OverExistingArchive_NeedsForce()
    {
        using var dir = new TempFolder();
        StackArchive.Save(dir.Path, TestStacks.Build(5), TestStacks.ClassNames);
        Assert.Equal(0, Torchae.Run("export", "--run", dir.Path).Code);
        var refused = Torchae.Run("import", "--file", dir["model.pt"], "--out", dir.Path);
        Assert.Equal(2, refused.Code);
        Assert.Contains("already holds model.json; choose another folder or add --force", refused.Error);
        Assert.Equal(0, Torchae.Run("import", "--file", dir["model.pt"], "--out", dir.Path, "--force", "--classes", "a,b,c").Code);
    }

    [Theory]
    [InlineData("garbage", "header length")]
    [InlineData("zip", "not a readable zip archive")]
    [InlineData("missing", "not found")]
    public void Import_UnreadableFile_ExitsTwoNamingTheFile(string kind, string expected)
    {
        using var dir = new TempFolder();
        var file = dir["weights.pt"];
        if (kind == "garbage") File.WriteAllBytes(file, Enumerable.Range(0, 100).Select(i => (byte)(i * 13)).ToArray());
        if (kind == "zip") File.WriteAllBytes(file, [0x50, 0x4b, 0x03, 0x04, 1, 2, 3]);
        var r = Torchae.Run("import", "--file", file, "--out", dir["out"]);
        Assert.Equal(2, r.Code);
        Assert.StartsWith($"torchae import: {file}: {expected}", r.Error);
        Assert.False(File.Exists(dir["out/model.json"]));
    }

    [Fact]
    public void Import_ClassNamesNotOnePerClass_ExitsTwo()
    {
        using var dir = new TempFolder();
        StackArchive.Save(dir.Path, TestStacks.Build(5), TestStacks.ClassNames);
        Assert.Equal(0, Torchae.Run("export", "--run", dir.Path).Code);
        var r = Torchae.Run("import", "--file", dir["model.pt"], "--out", dir["out"], "--classes", "a,b");
        Assert.Equal(2, r.Code);
        Assert.Equal("torchae import: class names must be 3 distinct non-empty names, one per class, got '[a, b]'" + Environment.NewLine, r.Error);
    }

    [Fact]
    public void Export_NoArchiveOrBadFormat_ExitsTwo()
    {
        using var dir = new TempFolder();
        var r = Torchae.Run("export", "--run", dir.Path);
        Assert.Equal(2, r.Code);
        Assert.Contains("model.json: not found", r.Error);
        var f = Torchae.Run("export", "--run", dir.Path, "--format", "onnx");
        Assert.Equal(2, f.Code);
        Assert.Equal("torchae export: --format must be one of pytorch, safetensors, got 'onnx'" + Environment.NewLine, f.Error);
    }
}
