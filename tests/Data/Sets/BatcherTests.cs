using TorchAe.Data;
using static TorchSharp.torch;

namespace TorchAe.Tests.Data;

public sealed class BatcherTests
{
    [Fact]
    public void Indices_OneEpoch_VisitsEverySampleOnceInBatchesOfSize()
    {
        var batcher = new Batcher(10, 4);
        var batches = batcher.Indices(new Generator(1), CPU).Select(t => { using (t) return t.data<long>().ToArray(); }).ToList();
        Assert.Equal([4, 4, 2], batches.Select(b => b.Length));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), batches.SelectMany(b => b).Order());
        Assert.NotEqual(Enumerable.Range(0, 10).Select(i => (long)i), batches.SelectMany(b => b));
    }

    [Fact]
    public void Order_SameGeneratorSeed_SameOrder_OtherSeedDiffers()
    {
        var batcher = new Batcher(50, 8);
        Assert.Equal(batcher.Order(new Generator(7)), batcher.Order(new Generator(7)));
        Assert.NotEqual(batcher.Order(new Generator(7)), batcher.Order(new Generator(8)));
        var generator = new Generator(7);
        Assert.NotEqual(batcher.Order(generator), batcher.Order(generator)); // the next epoch gets a new order
    }

    [Fact]
    public void Indices_NoShuffleDropLast_SequentialFullBatches()
    {
        var batcher = new Batcher(10, 4, shuffle: false, dropLast: true);
        var batches = batcher.Indices(null, CPU).Select(t => { using (t) return t.data<long>().ToArray(); }).ToList();
        Assert.Equal([[0L, 1, 2, 3], [4L, 5, 6, 7]], batches);
        Assert.Equal(2, batcher.BatchesPerEpoch);
    }

    [Fact]
    public void Rows_FeaturesAndLabels_SlicedTogether()
    {
        using var scope = NewDisposeScope();
        var data = new Dataset(Enumerable.Range(0, 12).Select(i => (float)i).ToArray(), 6, 2, [0, 1, 0, 1, 0, 1], ["a", "b"], 2, 1, "d");
        var features = data.FeaturesTensor(ScalarType.Float64, CPU);
        var labels = data.LabelsTensor(CPU);
        int rows = 0;
        foreach (var (x, y) in new Batcher(6, 4).Rows(features, labels, new Generator(3)))
        {
            Assert.Equal(ScalarType.Float64, x.dtype);
            var xs = x.data<double>().ToArray();
            var ys = y!.data<long>().ToArray();
            for (int r = 0; r < ys.Length; r++)
            {
                int sample = (int)xs[2 * r] / 2;
                Assert.Equal(2.0 * sample + 1, xs[2 * r + 1]);
                Assert.Equal(sample % 2, ys[r]);
            }
            rows += ys.Length;
        }
        Assert.Equal(6, rows);
    }

    [Fact]
    public void Indices_EpochInsideScope_BatchesDisposedWithIt()
    {
        var batches = new List<Tensor>();
        using (NewDisposeScope())
            foreach (var index in new Batcher(9, 3).Indices(new Generator(1), CPU))
                batches.Add(index);
        Assert.Equal(3, batches.Count);
        Assert.All(batches, b => Assert.True(b.IsInvalid));
    }
}
