using Mono.Cecil;

namespace TorchAe.Tests.Build;

/// <summary>The floors inside the folders: over every namespace of the library and the program, sub-namespaces
/// included (<c>TorchAe.Training.Objectives</c>, <c>TorchAe.Reporting.Sweeps</c>, …), the graph "a type of A uses a
/// type of B" has no cycle of any length. The uses are read from the compiled IL (Mono.Cecil, which NetArchTest reads
/// with): base types, interfaces, fields, signatures, locals, and every type, method and field an instruction names,
/// compiler-made closures included.</summary>
public sealed class NamespaceCycleTests
{
    static readonly string[] Assemblies =
        [typeof(TorchAe.Training.TrainingLoop).Assembly.Location, typeof(TorchAe.Runs.TrainingCommand).Assembly.Location];

    /// <summary>Namespace → the other TorchAe namespaces its types use.</summary>
    internal static Dictionary<string, HashSet<string>> Graph()
    {
        var graph = new Dictionary<string, HashSet<string>>();
        foreach (var path in Assemblies)
        {
            using var module = ModuleDefinition.ReadModule(path);
            foreach (var type in module.GetTypes())
            {
                var from = Outermost(type).Namespace;
                if (!IsOurs(from)) continue;
                var uses = graph.TryGetValue(from, out var set) ? set : graph[from] = [];
                foreach (var ns in Uses(type).SelectMany(Namespaces).Where(n => IsOurs(n) && n != from)) uses.Add(ns);
            }
        }
        return graph;
    }

    static bool IsOurs(string ns) => ns == "TorchAe" || ns.StartsWith("TorchAe.", StringComparison.Ordinal);

    static TypeReference Outermost(TypeReference t)
    {
        while (t.DeclaringType is not null) t = t.DeclaringType;
        return t;
    }

    static IEnumerable<TypeReference> Uses(TypeDefinition type)
    {
        if (type.BaseType is not null) yield return type.BaseType;
        foreach (var i in type.Interfaces) yield return i.InterfaceType;
        foreach (var f in type.Fields) yield return f.FieldType;
        foreach (var p in type.Properties) yield return p.PropertyType;
        foreach (var m in type.Methods)
        {
            yield return m.ReturnType;
            foreach (var p in m.Parameters) yield return p.ParameterType;
            if (!m.HasBody) continue;
            foreach (var v in m.Body.Variables) yield return v.VariableType;
            foreach (var instruction in m.Body.Instructions)
            {
                switch (instruction.Operand)
                {
                    case TypeReference t: yield return t; break;
                    case MemberReference member:
                        yield return member.DeclaringType;
                        if (member is MethodReference method)
                        {
                            yield return method.ReturnType;
                            foreach (var p in method.Parameters) yield return p.ParameterType;
                            if (method is GenericInstanceMethod generic) foreach (var a in generic.GenericArguments) yield return a;
                        }
                        else if (member is FieldReference field) yield return field.FieldType;
                        break;
                }
            }
        }
    }

    static IEnumerable<string> Namespaces(TypeReference? t) => t switch
    {
        null or GenericParameter => [],
        GenericInstanceType g => Namespaces(g.ElementType).Concat(g.GenericArguments.SelectMany(Namespaces)),
        TypeSpecification s => Namespaces(s.ElementType),
        _ => [Outermost(t).Namespace],
    };

    /// <summary>A cycle of <paramref name="graph"/> as the namespaces along it (first = last), or null.</summary>
    internal static List<string>? FindCycle(IReadOnlyDictionary<string, HashSet<string>> graph)
    {
        var state = new Dictionary<string, bool>();   // false: on the path now; true: done, no cycle through it
        var path = new List<string>();
        List<string>? Visit(string node)
        {
            if (state.TryGetValue(node, out var done))
                return done ? null : [.. path.Skip(path.IndexOf(node)), node];
            state[node] = false;
            path.Add(node);
            foreach (var next in graph.TryGetValue(node, out var uses) ? uses.Order(StringComparer.Ordinal) : Enumerable.Empty<string>())
                if (Visit(next) is { } cycle) return cycle;
            path.RemoveAt(path.Count - 1);
            state[node] = true;
            return null;
        }
        return graph.Keys.Order(StringComparer.Ordinal).Select(Visit).FirstOrDefault(c => c is not null);
    }

    [Fact]
    public void Namespaces_SubNamespacesIncluded_UseEachOtherInNoCycle()
    {
        var cycle = FindCycle(Graph());
        Assert.True(cycle is null, $"namespaces that use each other in a cycle: {string.Join(" → ", cycle ?? [])}");
    }

    [Fact]
    public void Graph_ReadsUsesOfSubNamespaces()
    {
        var graph = Graph();
        Assert.Contains("TorchAe.Training.Objectives", graph["TorchAe.Training"]);
        Assert.Contains("TorchAe.Training.Optimizers", graph["TorchAe.Training"]);
        Assert.Contains("TorchAe.Reporting.Html", graph["TorchAe.Reporting.Sweeps"]);
        Assert.Contains("TorchAe.Data.Readers", graph["TorchAe.Data"]);
        Assert.Contains("TorchAe.Data.Sets", graph["TorchAe.Data.Readers"]);
        Assert.Contains("TorchAe.Data.Numerics", graph["TorchAe.Data.Shapes"]);
    }

    [Fact]
    public void FindCycle_AnInjectedUseOfTrainingByItsObjectives_IsReported()
    {
        var graph = Graph();
        graph["TorchAe.Training.Objectives"].Add("TorchAe.Training");
        var cycle = FindCycle(graph);
        Assert.NotNull(cycle);
        Assert.Contains("TorchAe.Training.Objectives", cycle);
        Assert.Equal(cycle[0], cycle[^1]);
    }

    [Fact]
    public void FindCycle_AnInjectedUseOfTheDataRootByItsRandomNumbers_IsReported()
    {
        // DeterministicRandom once sat in src/Data, used by Sets, Shapes and Readers while using Shapes' PortableMath:
        // the cycle the shared namespace hid. Put the arrow back between the sub-namespaces and the test sees it.
        var graph = Graph();
        Assert.Null(FindCycle(graph));
        graph["TorchAe.Data.Numerics"].Add("TorchAe.Data.Shapes");
        var cycle = FindCycle(graph);
        Assert.NotNull(cycle);
        Assert.Contains("TorchAe.Data.Numerics", cycle);
        Assert.Contains("TorchAe.Data.Shapes", cycle);
    }
}
