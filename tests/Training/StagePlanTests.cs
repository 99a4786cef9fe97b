using TorchAe.Training;

namespace TorchAe.Tests.Training;

public sealed class StagePlanTests
{
    static readonly PipelineSpec ThreeLayers = new() { Layers = [new LayerSpec { Hidden = 9 }, new LayerSpec { Hidden = 6 }, new LayerSpec { Hidden = 3 }] };

    [Fact]
    public void Plan_Supervised_PretrainsEveryLayerThenClassifierThenFineTune()
    {
        Assert.Equal(
            [new PretrainStage(1), new PretrainStage(2), new PretrainStage(3), new ClassifierStage(3), new FineTuneStage(3)],
            Stage.Plan(ThreeLayers, supervised: true));
    }

    [Fact]
    public void Plan_NoFineTune_EndsWithTheClassifier()
    {
        var plan = Stage.Plan(ThreeLayers with { FineTune = false }, supervised: true);
        Assert.Equal(new ClassifierStage(3), plan[^1]);
        Assert.Equal(4, plan.Count);
    }

    [Fact]
    public void Plan_Unsupervised_StopsAfterPretraining()
    {
        Assert.Equal(["pretrain"], Stage.Plan(ThreeLayers, supervised: false).Select(s => s.Name).Distinct());
        Assert.Equal([1, 2, 3], Stage.Plan(ThreeLayers, supervised: false).Select(s => s.Layer));
    }

    [Fact]
    public void Name_EachKind_IsTheMetricsStageColumn()
    {
        Assert.Equal(["pretrain", "classifier", "finetune"], new Stage[] { new PretrainStage(1), new ClassifierStage(1), new FineTuneStage(1) }.Select(s => s.Name));
    }

    [Fact]
    public void Describe_RecordedStageColumn_IsThatStagesLabel()
    {
        Assert.Equal(["pretrain layer 2", "classifier", "finetune", "other"],
            new[] { "pretrain", "classifier", "finetune", "other" }.Select(name => Stage.Describe(name, 2)));
    }

    [Fact]
    public void Plan_RandomInit_IsOneFineTuneStage()
    {
        Assert.Equal([new FineTuneStage(3)], Stage.Plan(ThreeLayers with { Init = Initialization.Random }, supervised: true));
    }

    [Fact]
    public void Plan_RandomInitUnsupervised_IsRefusedNamingInit()
    {
        var e = Assert.Throws<TorchAe.Options.OptionException>(() => Stage.Plan(ThreeLayers with { Init = Initialization.Random }, supervised: false));
        Assert.Equal("init", e.Field);
        Assert.StartsWith("init must be pretrained for data without classes", e.Message);
    }

    [Fact]
    public void Plan_RandomInitWithoutFineTune_IsRefused()
    {
        var e = Assert.Throws<TorchAe.Options.OptionException>(() => Stage.Plan(ThreeLayers with { Init = Initialization.Random, FineTune = false }, supervised: true));
        Assert.StartsWith("init must be pretrained when fine-tuning is off", e.Message);
    }
}
