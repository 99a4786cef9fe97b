using TorchAe.IO;
using TorchAe.Tests.Support;
using TorchAe.Training;
using TorchAe.Training.Optimizers;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TorchAe.Tests.Training;

public sealed class CheckpointStoreTests
{
    /// <summary>A small least-squares-plus-quartic objective: curved enough that L-BFGS keeps a history.</summary>
    static Func<Tensor> Closure(Parameter w, Tensor a, Tensor b) => () =>
    {
        w.grad = null;
        var loss = (a.mm(w) - b).square().sum() + w.pow(4).sum();
        loss.backward();
        return loss.detach();
    };

    [Theory]
    [InlineData(OptimizerKind.Lbfgs)]
    [InlineData(OptimizerKind.Adam)]
    [InlineData(OptimizerKind.Sgd)]
    public void SaveThenLoad_OptimizerModelAndShuffleState_ContinueBitForBit(OptimizerKind kind)
    {
        using var temp = new TempFolder();
        var g = new Generator(3);
        var a = randn(new long[] { 12, 5 }, dtype: ScalarType.Float64, generator: g);
        var b = randn(new long[] { 12, 1 }, dtype: ScalarType.Float64, generator: g);
        var settings = new OptimizerSettings { Kind = kind, LearningRate = kind == OptimizerKind.Lbfgs ? 1 : 0.01, Epochs = 20 };
        var w = new Parameter(randn(new long[] { 5, 1 }, dtype: ScalarType.Float64, generator: g));
        var shuffle = new Generator(11);
        using var optimizer = OptimizerFactory.Create([w], settings);
        for (int i = 0; i < 4; i++) optimizer.Step(Closure(w, a, b));
        randperm(50, generator: shuffle);
        var loop = new LoopState { Epoch = 4, Evaluations = 9, BestLoss = 1.5, BestEpoch = 3, Seconds = 0.25 };
        var store = new CheckpointStore(temp.Path);
        store.Save(new CheckpointState { CompletedStages = 2, MetricsRows = 7 }, [("w", w)],
            new ResumePoint(loop, [w.detach() * 2], optimizer.StateTensors(), optimizer.StateScalars(), shuffle.get_state()));

        var checkpoint = store.Load();
        var w2 = new Parameter(checkpoint.Models["w"].clone());
        using var resumed = OptimizerFactory.Create([w2], settings);
        var point = checkpoint.InStage!;
        resumed.LoadState(point.OptimizerTensors, point.OptimizerScalars);
        var shuffle2 = new Generator(0);
        shuffle2.set_state(point.ShuffleState);

        Assert.Equal((2, 7), (checkpoint.State.CompletedStages, checkpoint.State.MetricsRows));
        Assert.Equal((4, 9L, 1.5, 3, 0.25), (point.Loop.Epoch, point.Loop.Evaluations, point.Loop.BestLoss, point.Loop.BestEpoch, point.Loop.Seconds));
        Assert.True(point.BestParameters.Single().Equals(w.detach() * 2), "early stopping's best weights differ");
        for (int i = 0; i < 4; i++)
        {
            optimizer.Step(Closure(w, a, b));
            resumed.Step(Closure(w2, a, b));
        }
        Assert.True(w.Equals(w2), $"{kind}: the resumed optimiser went elsewhere");
        Assert.Equal(randperm(50, generator: shuffle).data<long>().ToArray(), randperm(50, generator: shuffle2).data<long>().ToArray());
    }

    [Fact]
    public void Save_WrittenTensors_AreSafetensorsOfTheModelsStateDict()
    {
        using var temp = new TempFolder();
        var store = new CheckpointStore(temp.Path);
        store.Save(new CheckpointState(), [("encoder.weight", ones(2, 3))], null);
        store.Save(new CheckpointState { CompletedStages = 1 }, [("encoder.weight", ones(2, 3) * 5)], null);

        var files = Directory.GetFiles(store.Folder).Select(Path.GetFileName).Order().ToList();
        Assert.Equal(["state.json", "tensors-2.safetensors"], files);
        var read = TorchAe.Interop.StateDictFile.Read(Path.Combine(store.Folder, "tensors-2.safetensors"));
        Assert.Equal(["models.encoder.weight"], read.Keys);
        Assert.True(read["models.encoder.weight"].Equals(ones(2, 3) * 5));
        Assert.Null(store.Load().InStage);
    }

    [Fact]
    public void Read_StateOfTheOlderFormat_IsRefusedSayingSo()
    {
        using var temp = new TempFolder();
        temp.WriteText("checkpoint/state.json", "{ \"stage\": 4, \"epoch\": 0, \"metrics_rows\": 40, \"tensor_file\": \"tensors-4.bin\" }");
        var e = Assert.Throws<DataFormatException>(() => new CheckpointStore(temp.Path).Read());
        Assert.Equal($"{temp.Path}/checkpoint/state.json: a checkpoint of format 1 (an older TorchAe); this version resumes format 2 only: start the run again", e.Message);
    }
}
