using TorchAe.Data;
using TorchAe.Data.Sets;

namespace TorchAe.Tests.Data.Sets;

public sealed class DataSplitsTests
{
    // 100 samples: class 0 has 60, class 1 has 40; feature = the sample's index, so subsets can be traced back.
    static readonly Dataset Data = new(Enumerable.Range(0, 100).Select(i => (float)i).ToArray(), 100, 1,
        Enumerable.Range(0, 100).Select(i => i % 5 < 3 ? 0 : 1).ToArray(), ["a", "b"], 1, 1, "d");

    [Fact]
    public void Stratified_Fractions_PerClassProportionsKept()
    {
        var split = DataSplits.Stratified(Data, 0.1, 0.2, seed: 1);
        Assert.Equal([12, 8], split.Test.ClassCounts());
        Assert.Equal([6, 4], split.Validation.ClassCounts());
        Assert.Equal([42, 28], split.Train.ClassCounts());
    }

    [Fact]
    public void Stratified_Subsets_DisjointAndComplete()
    {
        var split = DataSplits.Stratified(Data, 0.1, 0.2, seed: 1);
        var all = split.Train.Features.Concat(split.Validation.Features).Concat(split.Test.Features).Order();
        Assert.Equal(Enumerable.Range(0, 100).Select(i => (float)i), all);
        Assert.Equal(split.Train.Features.Order(), split.Train.Features); // original order kept
    }

    [Fact]
    public void Stratified_Seed_ReproducibleAndSeedDependent()
    {
        Assert.Equal(DataSplits.Stratified(Data, 0.1, 0.2, 3).Test.Features, DataSplits.Stratified(Data, 0.1, 0.2, 3).Test.Features);
        Assert.NotEqual(DataSplits.Stratified(Data, 0.1, 0.2, 3).Test.Features, DataSplits.Stratified(Data, 0.1, 0.2, 4).Test.Features);
    }

    [Fact]
    public void Stratified_FractionsSumToOne_Refused()
    {
        var e = Assert.Throws<ArgumentException>(() => DataSplits.Stratified(Data, 0.5, 0.5, 1));
        Assert.Equal("validation (0.5) and test (0.5) fractions must be >= 0 and sum to less than 1", e.Message);
    }

    [Fact]
    public void Last_SixthOfTheSamples_TheLastOnesInOrderValidate()
    {
        // As Vincent et al. split MNIST's 60,000: round(n/6) at the end validate, labels travel with their samples.
        var split = DataSplits.Last(Data, 1.0 / 6);
        Assert.Equal(Enumerable.Range(83, 17).Select(i => (float)i), split.Validation.Features);
        Assert.Equal(Enumerable.Range(0, 83).Select(i => (float)i), split.Train.Features);
        Assert.Equal(Enumerable.Range(83, 17).Select(i => i % 5 < 3 ? 0 : 1), split.Validation.Labels!);
        Assert.Equal(0, split.Test.Count);
    }

    [Fact]
    public void Last_ExperimentData_HoldsOutTheFileTail()
    {
        var options = new DataOptions { Source = DataSource.Shapes, TrainCount = 60, TestCount = 10, ValidationFraction = 0.25, ValidationSplit = ValidationSplit.Last };
        var (train, _) = DataLoader.Load(options, seed: 2);
        var data = TorchAe.Experiments.ExperimentData.LoadUnscaled(options, seed: 2);
        Assert.Equal(train.Take(45).Features, data.Train.Features);
        Assert.Equal(train.Subset(Enumerable.Range(45, 15).ToArray()).Features, data.Validation!.Features);
    }
}
