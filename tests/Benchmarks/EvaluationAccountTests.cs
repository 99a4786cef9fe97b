using System.Buffers.Binary;
using System.Globalization;
using TorchAe.Benchmarks;
using TorchAe.Data.Readers;
using TorchAe.Tests.Reliability;
using TorchAe.Tests.Support;
using TorchAe.Training.Objectives;
using static TorchSharp.torch;

namespace TorchAe.Tests.Benchmarks;

/// <summary><c>torchae bench --account</c>: an evaluation's parts add up, every product is counted at its own FLOPs, and
/// (on tcmalloc) the buffers each part allocates are counted.</summary>
public sealed class EvaluationAccountTests : IDisposable
{
    private readonly TempFolder dir = new();

    public void Dispose() => dir.Dispose();

    [Theory]
    [InlineData(GradientSource.Autograd)]
    [InlineData(GradientSource.Hand)]
    public void Run_SmallLayer_PartsAddUpAndEachProductHasItsFlops(GradientSource source)
    {
        using var scope = NewDisposeScope();
        const int Rows = 40, Inputs = 30, Hidden = 6;
        var x = rand(new long[] { Rows, Inputs }, generator: new Generator(5));

        var lines = EvaluationAccount.Run(x, Hidden, source, rounds: 1);

        var products = lines.Where(l => l.Kind == "product").ToList();
        Assert.Equal(5, products.Count);   // X·W1ᵀ, Y·W2ᵀ, δ3·W2, δ3ᵀ·Y, δ2ᵀ·X
        Assert.All(products, p => Assert.Equal(2.0 * Rows * Inputs * Hidden, p.Flops));
        var parts = lines.Where(l => l.Kind is "product" or "pass" or "small" or "copy").ToList();
        var sum = lines.Single(l => l.Kind == "sum");
        var evaluation = lines.Single(l => l.Kind == "evaluation");
        Assert.Equal(parts.Sum(p => p.MedianMs), sum.MedianMs, 9);
        Assert.Equal(evaluation.MedianMs - sum.MedianMs, lines.Single(l => l.Kind == "unaccounted").MedianMs, 9);
        Assert.True(evaluation.MedianMs > 0 && evaluation.PageFaults >= 0);
        // the minimum keeps every product and only the passes marked needed
        var minimum = lines.Single(l => l.Kind == "minimum");
        Assert.Equal(products.Sum(p => p.Flops), minimum.Flops);
        Assert.True(minimum.MedianMs < sum.MedianMs);
    }

    [TcmallocFact]
    public void BenchAccount_OnTcmalloc_CountsTheBuffersEachPartAllocates()
    {
        const int Rows = 100;
        var mnist = dir.File("mnist");
        WriteMnist(mnist, 120);
        var run = dir.File("run");
        var (code, output, error) = ChildRun.Run(TimeSpan.FromMinutes(3), "bench", "--account", mnist, "--account-rows", $"{Rows}",
            "--quick", "--threads", "1", "--out", run);
        Assert.True(code == 0, error + output);

        var rows = File.ReadAllLines(Path.Combine(run, AccountCsv.FileName));
        Assert.Equal(AccountCsv.Header, rows[0]);
        var header = rows[0].Split(',');
        // a comma inside quotes belongs to the item
        var cells = rows.Skip(1).Select(r => System.Text.RegularExpressions.Regex.Split(r, ",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)")).ToList();
        string Cell(string[] row, string column) => row[Array.IndexOf(header, column)].Trim('"');
        string[] Line(string source, string itemStart) => cells.Single(c => Cell(c, "source") == source && Cell(c, "item").StartsWith(itemStart, StringComparison.Ordinal));
        double Megabytes(long elements) => elements * sizeof(float) / 1e6;

        // The decoder's product makes the (R, N) potentials: one new buffer of R·N floats; the hand path's σ runs in place.
        var decoder = Line("hand", "P3 = Y·W2ᵀ + b2");
        Assert.Equal("1", Cell(decoder, "allocations"));
        Assert.Equal(Megabytes(Rows * 784), double.Parse(Cell(decoder, "allocated_mb"), CultureInfo.InvariantCulture), 3);
        Assert.Equal("0", Cell(Line("hand", "Z = ψ(P3) in place"), "allocations"));
        Assert.Equal("1", Cell(Line("autograd", "Z = ψ(P3), new buffer"), "allocations"));
        // the hand path allocates nothing beyond its parts
        Assert.Equal(Cell(Line("hand", "the parts above"), "allocations"), Cell(Line("hand", "measured whole"), "allocations"));
    }

    [Fact]
    public void BenchAccount_MoreRowsThanImages_RefusedWithOneLine()
    {
        var mnist = dir.File("small");
        WriteMnist(mnist, 20);
        var (code, output, error) = Torchae.Run("bench", "--account", mnist, "--account-rows", "50", "--out", dir.File("out"));
        Assert.Equal(2, code);
        Assert.Contains("--account-rows must be at most the 20 training images", error + output);
        Assert.False(Directory.Exists(dir.File("out")));
    }

    /// <summary>The four MNIST files with <paramref name="count"/> training and 10 test images of 28 × 28.</summary>
    static void WriteMnist(string folder, int count)
    {
        Directory.CreateDirectory(folder);
        foreach (var (name, images) in new[] { ("train", count), ("t10k", 10) })
        {
            var pixels = new byte[16 + images * 784];
            BinaryPrimitives.WriteInt32BigEndian(pixels, MnistReader.ImagesMagic);
            BinaryPrimitives.WriteInt32BigEndian(pixels.AsSpan(4), images);
            BinaryPrimitives.WriteInt32BigEndian(pixels.AsSpan(8), 28);
            BinaryPrimitives.WriteInt32BigEndian(pixels.AsSpan(12), 28);
            for (int i = 16; i < pixels.Length; i++) pixels[i] = (byte)(37 * i % 256);
            File.WriteAllBytes(Path.Combine(folder, $"{name}-images-idx3-ubyte"), pixels);
            var labels = new byte[8 + images];
            BinaryPrimitives.WriteInt32BigEndian(labels, MnistReader.LabelsMagic);
            BinaryPrimitives.WriteInt32BigEndian(labels.AsSpan(4), images);
            for (int i = 0; i < images; i++) labels[8 + i] = (byte)(i % 10);
            File.WriteAllBytes(Path.Combine(folder, $"{name}-labels-idx1-ubyte"), labels);
        }
    }
}
