using TorchAe.Kernels;
using TorchAe.Losses;
using TorchAe.Models;
using TorchAe.Training;
using TorchAe.Training.Objectives;
using TorchAe.Training.Optimizers;
using static TorchSharp.torch;

namespace TorchAe.Tests.Training;

/// <summary>What must hold for training off the CPU, checked on libtorch's "meta" device (tensors with shapes and no
/// memory, present in every build): the raw-pointer fast paths stay off, every op stays on the tensors' device, and the
/// loop names a tensor left on another device. No CUDA is involved; whether CUDA itself works is for a GPU to say.</summary>
public sealed class DevicePlacementTests
{
    static readonly Device Meta = new(DeviceType.META, -1);

    [Fact]
    public void TensorMemory_NonCpuTensors_AreNotReachedThroughPointers()
    {
        using var scope = NewDisposeScope();
        Assert.True(TensorMemory.Contiguous(zeros(3, 4), zeros(3, 4)));
        Assert.False(TensorMemory.Contiguous(empty(3, 4, device: Meta), empty(3, 4, device: Meta)));
        Assert.False(TensorMemory.Contiguous(zeros(3, 4), empty(3, 4, device: Meta)));
    }

    /// <remarks>The hand-derived gradients only: autograd's backward of clamp uses logical_and, which has no meta kernel.</remarks>
    [Fact]
    public void HandAutoencoderStepWithAdam_OnAnotherDevice_StaysThere()
    {
        using var scope = NewDisposeScope();
        var model = new SparseAutoencoder(16, 5, Activation.Sigmoid, Activation.Sigmoid, new Generator(1), ScalarType.Float32, Meta);
        var x = empty(new long[] { 12, 16 }, device: Meta);
        var objective = new AutoencoderObjective(model, new SparseAutoencoderLossOptions());
        Assert.False(FusedOutputDelta.Supports(empty(new long[] { 12, 16 }, device: Meta), x));
        using var adam = new FirstOrderOptimizer(objective.Parameters, new OptimizerSettings { Kind = OptimizerKind.Adam, LearningRate = 1e-3 });

        // libtorch refuses to mix a meta tensor with a CPU one (other than a 0-dim scalar): a CPU temporary anywhere in
        // the step, or a pointer into CPU memory, fails here.
        adam.Step(() =>
        {
            var terms = objective.Evaluate(x, null, GradientSource.Hand);
            Assert.Equal(DeviceType.META, terms.Loss.device_type);
            Assert.Equal(DeviceType.META, terms.RhoHat!.device_type);
            return terms.Loss;
        });
        foreach (var p in objective.Parameters)
        {
            Assert.Equal(DeviceType.META, p.device_type);
            Assert.Equal(DeviceType.META, p.grad!.device_type);
        }
        Assert.All(adam.StateTensors().Values, t => Assert.Equal(DeviceType.META, t.device_type));
    }

    [Fact]
    public void TrainingLoop_ModelOnAnotherDeviceThanTheData_NamesTheParameters()
    {
        using var scope = NewDisposeScope();
        var model = new SparseAutoencoder(6, 3, Activation.Sigmoid, Activation.Sigmoid, new Generator(1), ScalarType.Float64);
        var loop = new TrainingLoop
        {
            Stage = new PretrainStage(1),
            Objective = new AutoencoderObjective(model, new SparseAutoencoderLossOptions()),
            Optimizer = new OptimizerSettings { Kind = OptimizerKind.Adam, Epochs = 1, LearningRate = 1e-3 },
            Settings = new StageSettings(),
            Train = new TrainingData(empty(new long[] { 4, 6 }, dtype: ScalarType.Float64, device: Meta), null),
            Sink = new RecordingSink(),
            Shuffle = new Generator(2),
        };
        var e = Assert.Throws<InvalidOperationException>(() => loop.Run());
        Assert.StartsWith("expected everything on meta, but pretrain parameter 0 is on cpu; pretrain parameter 1 is on cpu;", e.Message);
    }
}
