using NetArchTest.Rules;

namespace TorchAe.Tests.Build;

/// <summary>The floors of the house (STYLE.md): arrows point down only. A namespace uses its own floor or lower ones;
/// sub-namespaces inherit their floor; a namespace on no floor fails; two folders of one floor do not use each other
/// both ways (no cycle).</summary>
public sealed class LayeringTests
{
    /// <summary>Lowest first (source generators' namespaces, e.g. CsvHelper.Generated, are not the project's).</summary>
    static readonly string[][] Floors =
    [
        ["TorchAe.Options", "TorchAe.IO", "TorchAe.Runtime", "TorchAe.Kernels"],
        ["TorchAe.Data", "TorchAe.Models"],
        ["TorchAe.Losses"],
        ["TorchAe.Gradients"],
        ["TorchAe.Training"],
        ["TorchAe.Interop", "TorchAe.Reporting"],
        ["TorchAe.Benchmarks", "TorchAe.Experiments"],
        ["TorchAe.Cli", "TorchAe.Commands", "TorchAe.Runs", "TorchAe.Presets", "TorchAe.Sweeps"],
    ];

    static readonly System.Reflection.Assembly Library = typeof(TorchAe.Training.TrainingLoop).Assembly;
    static readonly System.Reflection.Assembly Program = typeof(TorchAe.Runs.TrainingCommand).Assembly;

    static int? FloorOf(string? ns) =>
        Floors.Select((floor, i) => (floor, i)).Where(f => f.floor.Any(n => ns == n || ns?.StartsWith(n + ".", StringComparison.Ordinal) == true))
            .Select(f => (int?)f.i).FirstOrDefault();

    public static TheoryData<string> Namespaces() => new(Floors.SelectMany(f => f));

    [Theory]
    [MemberData(nameof(Namespaces))]
    public void Namespace_UsesNoneAboveItsFloor(string ns)
    {
        int floor = FloorOf(ns)!.Value;
        var above = Floors.Skip(floor + 1).SelectMany(f => f).ToArray();
        if (above.Length == 0) return;
        var result = Types.InAssemblies([Library, Program]).That().ResideInNamespace(ns).ShouldNot().HaveDependencyOnAny(above).GetResult();
        Assert.True(result.IsSuccessful, $"{ns} (floor {floor + 1}) uses a namespace above it: {string.Join(", ", result.FailingTypeNames ?? [])}");
    }

    [Theory]
    [MemberData(nameof(Namespaces))]
    public void Namespace_AndItsFloorNeighbours_DoNotUseEachOtherBothWays(string ns)
    {
        var neighbours = Floors[FloorOf(ns)!.Value].Where(n => n != ns).ToArray();
        foreach (var other in neighbours)
        {
            bool there = !Types.InAssemblies([Library, Program]).That().ResideInNamespace(ns).ShouldNot().HaveDependencyOn(other).GetResult().IsSuccessful;
            bool back = !Types.InAssemblies([Library, Program]).That().ResideInNamespace(other).ShouldNot().HaveDependencyOn(ns).GetResult().IsSuccessful;
            Assert.False(there && back, $"{ns} and {other} use each other (a cycle)");
        }
    }

    [Fact]
    public void EveryNamespace_LiesOnAFloor()
    {
        var namespaces = Library.GetTypes().Concat(Program.GetTypes())
            .Where(t => t.Namespace?.StartsWith("TorchAe", StringComparison.Ordinal) == true && !t.Name.StartsWith('<'))
            .Select(t => t.Namespace!).Distinct().Order();
        var homeless = namespaces.Where(n => FloorOf(n) is null).ToList();
        Assert.True(homeless.Count == 0, $"on no floor: {string.Join(", ", homeless)}");
    }

    [Fact]
    public void HaveDependencyOn_AKnownDownwardUse_IsDetected()
    {
        // The rules above can fail only if NetArchTest sees uses in method bodies and signatures: Training uses Models.
        var result = Types.InAssembly(Library).That().ResideInNamespace("TorchAe.Training").ShouldNot().HaveDependencyOn("TorchAe.Models").GetResult();
        Assert.False(result.IsSuccessful);
    }
}
