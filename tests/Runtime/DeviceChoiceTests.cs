using TorchAe.Options;
using TorchAe.Runtime;
using TorchAe.Tests.Support;
using static TorchSharp.torch;

namespace TorchAe.Tests.Runtime;

public sealed class DeviceChoiceTests
{
    [Theory]
    [InlineData("cpu", DeviceRequest.Cpu)]
    [InlineData("CUDA", DeviceRequest.Cuda)]
    [InlineData(" auto ", DeviceRequest.Auto)]
    public void Parse_KnownNames_AreAccepted(string text, DeviceRequest expected) => Assert.Equal(expected, DeviceChoice.Parse(text));

    [Fact]
    public void Parse_UnknownName_IsRefusedWithTheChoices()
    {
        var e = Assert.Throws<OptionException>(() => DeviceChoice.Parse("gpu"));
        Assert.Equal("device must be one of cpu, cuda, auto, got 'gpu'", e.Message);
    }

    [Theory]
    [InlineData(DeviceRequest.Cpu, false, DeviceType.CPU)]
    [InlineData(DeviceRequest.Cpu, true, DeviceType.CPU)]
    [InlineData(DeviceRequest.Auto, false, DeviceType.CPU)]
    [InlineData(DeviceRequest.Auto, true, DeviceType.CUDA)]
    [InlineData(DeviceRequest.Cuda, true, DeviceType.CUDA)]
    public void Resolve_FollowsCudaAvailability(DeviceRequest request, bool cudaAvailable, DeviceType expected) =>
        Assert.Equal(expected, DeviceChoice.Resolve(request, cudaAvailable));

    [Fact]
    public void Resolve_CudaWithoutCuda_SaysCudaIsNotAvailable()
    {
        var e = Assert.Throws<OptionException>(() => DeviceChoice.Resolve(DeviceRequest.Cuda, cudaAvailable: false));
        Assert.Equal("device must be cpu or auto on this machine (CUDA is not available), got 'cuda'", e.Message);
    }

    [Fact]
    public void Choose_OnThisMachine_AutoMatchesCudaAvailability()
    {
        var device = DeviceChoice.Choose(DeviceRequest.Auto);
        Assert.Equal(cuda.is_available() ? DeviceType.CUDA : DeviceType.CPU, device.type);
        Assert.Equal(DeviceType.CPU, DeviceChoice.Choose(DeviceRequest.Cpu).type);
        if (!cuda.is_available()) Assert.Throws<OptionException>(() => DeviceChoice.Choose(DeviceRequest.Cuda));
    }

    [Fact]
    public void Describe_PrintsLikePyTorch()
    {
        Assert.Equal("cpu", DeviceChoice.Describe(CPU));
        Assert.Equal("cuda:1", DeviceChoice.Describe(new Device(DeviceType.CUDA, 1)));
        Assert.Equal("cuda", DeviceChoice.Describe(new Device(DeviceType.CUDA, -1)));
    }

    [Fact]
    public void DeviceCommand_ReportsBuildAndResolution()
    {
        var r = Torchae.Run("device", "--device", "auto");
        Assert.True(r.Code == 0, r.Error);
        Assert.Contains($"TorchSharp package: {TorchRuntime.Backend} build, libtorch 2.10", r.Output);
        // This build's own copies: the shim and libtorch beside the test assembly.
        Assert.Contains($"native libraries from {AppContext.BaseDirectory.TrimEnd('/')}: ", r.Output);
        Assert.Matches(@"native libraries from .+: .*libLibTorchSharp\.so.*libtorch_cpu\.so", r.Output);
        if (!cuda.is_available())
        {
            Assert.Contains("--device auto → cpu", r.Output);
            var refused = Torchae.Run("device", "--device", "cuda");
            Assert.Equal(2, refused.Code);
            Assert.Equal("torchae device: device must be cpu or auto on this machine (CUDA is not available), got 'cuda'" + Environment.NewLine, refused.Error);
        }
    }

    [Fact]
    public void Backend_OfThisBuild_IsCpu() => Assert.Equal("cpu", TorchRuntime.Backend);
}
