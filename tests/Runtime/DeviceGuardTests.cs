using TorchAe.Kernels;
using TorchAe.Models;
using TorchAe.Runtime;
using static TorchSharp.torch;

namespace TorchAe.Tests.Runtime;

public sealed class DeviceGuardTests
{
    static SparseAutoencoder Model(ScalarType dtype = ScalarType.Float64) =>
        new(4, 3, Activation.Sigmoid, Activation.Sigmoid, new Generator(1), dtype);

    [Fact]
    public void Check_EverythingInPlace_PassesAndTheSameCallWithOneTensorMovedFails()
    {
        // Each overload accepts the model and batch where they are, and the very same call refuses them once one
        // tensor has moved: the guard looks at what it is given rather than passing everything.
        var meta = new Device(DeviceType.META, -1);
        var model = Model();
        var batch = rand(new long[] { 2, 4 }, dtype: ScalarType.Float64);
        var calls = new (string Name, Action<SparseAutoencoder, Tensor> Check)[]
        {
            ("model and batch", (m, b) => DeviceGuard.Check(m, b, "batch", CPU, ScalarType.Float64)),
            ("model", (m, _) => DeviceGuard.Check(m, CPU)),
            ("batch", (_, b) => DeviceGuard.Check(b, "batch", CPU)),
            ("named tensors", (m, b) => DeviceGuard.Check(m.named_parameters().Select(p => ($"parameter '{p.name}'", (Tensor)p.parameter)).Append(("tensor 'batch'", b)), CPU)),
        };
        foreach (var (name, check) in calls)
        {
            Assert.Null(Record.Exception(() => check(model, batch)));
            var moved = name == "batch" ? (model, batch.to(meta)) : (Model().to(meta), batch);
            var e = Assert.Throws<InvalidOperationException>(() => check(moved.Item1, moved.Item2));
            Assert.Contains("is on meta", e.Message);
        }
    }

    [Fact]
    public void Check_BatchOnAnotherDevice_NamesTheTensor()
    {
        // "meta" tensors exist in every libtorch build: a second device to misplace a tensor on without a GPU.
        var batch = empty(new long[] { 2, 4 }, dtype: ScalarType.Float64, device: new Device(DeviceType.META, -1));
        var e = Assert.Throws<InvalidOperationException>(() => DeviceGuard.Check(Model(), batch, "batch", CPU));
        Assert.Equal("expected everything on cpu, but tensor 'batch' is on meta (move the model with .to(device) before creating the optimizer, and each batch with .to(device))", e.Message);
    }

    [Fact]
    public void Check_ModelOnAnotherDevice_NamesEveryParameter()
    {
        var model = Model().to(new Device(DeviceType.META, -1));
        var e = Assert.Throws<InvalidOperationException>(() => DeviceGuard.Check(model, CPU));
        Assert.StartsWith("expected everything on cpu, but parameter 'encoder.weight' is on meta; parameter 'encoder.bias' is on meta; parameter 'decoder.weight' is on meta; parameter 'decoder.bias' is on meta (", e.Message);
    }

    [Fact]
    public void Check_WrongDtype_NamesParameterAndDtype()
    {
        var model = Model(ScalarType.Float32);
        var batch = rand(new long[] { 2, 4 }, dtype: ScalarType.Float64);
        var e = Assert.Throws<InvalidOperationException>(() => DeviceGuard.Check(model, batch, "batch", CPU, ScalarType.Float64));
        Assert.StartsWith("expected everything on cpu, float64, but parameter 'encoder.weight' is float32; parameter 'encoder.bias' is float32;", e.Message);
        Assert.DoesNotContain("'batch'", e.Message);
    }

    [Fact]
    public void Check_ManyProblems_ListsFiveAndCountsTheRest()
    {
        var meta = new Device(DeviceType.META, -1);
        var e = Assert.Throws<InvalidOperationException>(() => DeviceGuard.Check(Support.TestStacks.Build(1).to(meta), empty(2, device: meta), "batch", CPU));
        Assert.Contains("parameter 'classifier.weight' is on meta; and 2 more (", e.Message);
    }

    [Fact]
    public void SameDevice_UnindexedMatchesAnyIndex()
    {
        Assert.True(DeviceGuard.SameDevice(new Device(DeviceType.CUDA, 0), new Device(DeviceType.CUDA, -1)));
        Assert.False(DeviceGuard.SameDevice(new Device(DeviceType.CUDA, 0), new Device(DeviceType.CUDA, 1)));
        Assert.False(DeviceGuard.SameDevice(CPU, new Device(DeviceType.CUDA, -1)));
    }
}
