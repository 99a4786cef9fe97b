using TorchAe.Runtime;

namespace TorchAe.Tests.Runtime;

public sealed class TorchThreadsTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 1)]
    [InlineData(3, null)]
    [InlineData(16, null)]
    public void DefaultFor_SmallMachines_OneThread_ElseLibtorchsChoice(int cores, int? expected) =>
        Assert.Equal(expected, TorchThreads.DefaultFor(cores));
}
