using System.Text.RegularExpressions;
using QuickStart;
using TorchAe.Data.Sets;
using TorchAe.Data.Shapes;
using TorchAe.Gradients;
using TorchAe.Tests.Support;

namespace TorchAe.Tests.Docs;

/// <summary>docs/library.md shows compiled code: each of its C# blocks is quoted from samples/QuickStart/Examples.cs,
/// which this project compiles; and the examples do what the document says they do.</summary>
public sealed class LibraryDocTests
{
    static readonly (Dataset Train, Dataset Test) Shapes = ShapesGenerator.Generate(new ShapesOptions { Size = 12 }, count: 40, testCount: 40, seed: 1);

    [Fact]
    public void LibraryDoc_EveryCSharpBlock_IsQuotedFromTheSample()
    {
        var doc = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "docs", "library.md"));
        var source = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "samples", "QuickStart", "Examples.cs"));
        var dedented = string.Join('\n', source.Split('\n').Select(l => l.StartsWith("    ", StringComparison.Ordinal) ? l[4..] : l));
        // The walk-through's Program.cs (marked <!-- file: … -->) is built by .ci/run, not quoted from the sample.
        var blocks = Regex.Matches(doc, "(<!-- file: [^>]*-->\n)?```csharp\n(.*?)```", RegexOptions.Singleline)
            .Where(m => !m.Groups[1].Success).Select(m => m.Groups[2].Value.TrimEnd('\n')).ToList();
        Assert.Equal(8, blocks.Count);
        foreach (var block in blocks)
            Assert.True(dedented.Contains(block, StringComparison.Ordinal) || source.Contains(block, StringComparison.Ordinal),
                $"docs/library.md quotes code that samples/QuickStart/Examples.cs does not hold:\n{block}");
    }

    /// <summary>The package README shows the program of the walk-through (which .ci/run builds and runs), not another.</summary>
    [Fact]
    public void PackageReadme_CSharpBlock_IsTheWalkthroughsProgram()
    {
        static List<string> Blocks(string file, string pattern) =>
            Regex.Matches(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "docs", file)), pattern, RegexOptions.Singleline).Select(m => m.Groups[1].Value).ToList();
        var walkthrough = Blocks("library.md", "<!-- file: Program.cs -->\n```csharp\n(.*?)```");
        Assert.Single(walkthrough);
        Assert.Equal(walkthrough, Blocks("package-readme.md", "```csharp\n(.*?)```"));
    }

    [Fact]
    public void TrainSparseAutoencoder_LossGoesDown()
    {
        var (first, last) = Examples.TrainSparseAutoencoder(Shapes.Train, epochs: 20);
        Assert.True(last < 0.8 * first, $"J {first} → {last}");
    }

    [Fact]
    public void CompareGradients_HandAndAutogradAgreeInFloat64()
    {
        double difference = Examples.CompareGradients(Shapes.Train);
        Assert.InRange(difference, 0, GradientCheckResult.HandThreshold);
    }

    [Fact]
    public void PipelineThenArchive_ReloadedModelGivesThePipelinesAccuracy()
    {
        var lines = new StringWriter();
        var result = Examples.RunGreedyPipeline(Examples.FromArrays(Shapes.Train), Examples.FromArrays(Shapes.Test), new Examples.EveryTenthEpoch(lines));
        using var dir = new TempFolder();
        double reloaded = Examples.SaveAndLoad(result, Shapes.Test, dir["model"]);
        Assert.Equal(result.AccuracyAfterFineTune, reloaded);
        // A complete archive: the images' shape and each layer's objective, not [N] and nothing.
        var archive = TorchAe.Interop.StackArchive.Load(dir["model"], TorchSharp.torch.CPU);
        Assert.Equal([12, 12], archive.InputShape);
        Assert.Equal([TorchAe.Losses.Objective.Mean], archive.Objectives);
        Assert.Contains("pretrain layer 1: 100 epochs", lines.ToString());
        Assert.DoesNotContain("classifier (layer", lines.ToString());   // the head has no layer of its own
        Assert.Contains("  finetune 1 epoch 10: loss", lines.ToString());
    }
}
