using Mono.Cecil;
using Mono.Cecil.Cil;

namespace TorchAe.Tests.Reliability;

/// <summary>Every TorchSharp <c>Scalar</c> the library makes has an owner until the op that reads it returns (see
/// <c>OwnedScalars</c>): read from the library's IL, no implicit number-to-Scalar conversion, no call of a TorchSharp
/// method that makes one inside (<c>a + b</c>, <c>add_(b)</c>, <c>square()</c>, <c>t * 0.5</c>, <c>1 - t</c>, …), and
/// every <c>ToScalar()</c> is stored in a static field or in a local that a <c>finally</c> disposes (a <c>using</c>).
/// <c>FinalizerStressTests</c> shows what an unowned Scalar does.</summary>
public sealed class OwnedScalarTests
{
    const string ScalarType = "TorchSharp.Scalar", Extensions = "TorchSharp.ScalarExtensionMethods";
    static readonly string TorchSharpPath = typeof(TorchSharp.Scalar).Assembly.Location;

    static bool IsImplicit(MethodReference m) => m.DeclaringType.FullName == ScalarType && m.Name == "op_Implicit";
    static bool IsToScalar(MethodReference m) => m.DeclaringType.FullName == Extensions && m.Name == "ToScalar";
    static bool IsCall(Instruction i) => i.OpCode == OpCodes.Call || i.OpCode == OpCodes.Callvirt || i.OpCode == OpCodes.Newobj;

    /// <summary>TorchSharp methods that make a Scalar nobody owns, themselves or through the TorchSharp methods they call.</summary>
    sealed class UnownedInTorchSharp(ModuleDefinition torchSharp)
    {
        readonly Dictionary<string, bool> known = new();

        public bool Makes(MethodReference method, int depth = 4)
        {
            if (IsImplicit(method) || IsToScalar(method)) return true;
            if (depth == 0 || !InTorchSharp(method)) return false;
            if (known.TryGetValue(method.FullName, out var makes)) return makes;
            known[method.FullName] = false;   // recursion guard
            MethodDefinition? definition;
            try { definition = torchSharp.MetadataResolver.Resolve(method); }
            catch (AssemblyResolutionException) { definition = null; }
            makes = definition?.HasBody == true && definition.Body.Instructions.Any(i => IsCall(i) && Makes((MethodReference)i.Operand, depth - 1));
            return known[method.FullName] = makes;
        }
    }

    static bool InTorchSharp(MethodReference method) => method.DeclaringType.Scope switch
    {
        AssemblyNameReference a => a.Name == "TorchSharp",
        ModuleDefinition m => m.Assembly.Name.Name == "TorchSharp",
        _ => false,
    };

    /// <summary>A <c>ToScalar()</c> stored in a static field, or in a local that a finally block disposes.</summary>
    static bool Owned(MethodDefinition method, Instruction call)
    {
        var next = call.Next;
        if (next.OpCode == OpCodes.Stsfld) return true;
        int? local = LocalIndex(next);
        if (local is null) return false;
        return method.Body.ExceptionHandlers.Where(h => h.HandlerType == ExceptionHandlerType.Finally)
            .Any(h => Range(h.HandlerStart, h.HandlerEnd).Any(i => LocalIndex(i, load: true) == local
                && i.Next is { } d && (d.OpCode == OpCodes.Callvirt || d.OpCode == OpCodes.Call) && ((MethodReference)d.Operand).Name == "Dispose"));
    }

    static IEnumerable<Instruction> Range(Instruction start, Instruction? end)
    {
        for (var i = start; i is not null && i != end; i = i.Next) yield return i;
    }

    static int? LocalIndex(Instruction i, bool load = false)
    {
        var code = i.OpCode.Code;
        return (load, code) switch
        {
            (false, Code.Stloc_0) or (true, Code.Ldloc_0) => 0,
            (false, Code.Stloc_1) or (true, Code.Ldloc_1) => 1,
            (false, Code.Stloc_2) or (true, Code.Ldloc_2) => 2,
            (false, Code.Stloc_3) or (true, Code.Ldloc_3) => 3,
            (false, Code.Stloc_S or Code.Stloc) or (true, Code.Ldloc_S or Code.Ldloc) => ((VariableDefinition)i.Operand).Index,
            _ => null,
        };
    }

    /// <summary>Every call in <paramref name="assemblyPath"/> that makes a Scalar without an owner, as "Type::Method → call".</summary>
    static List<string> UnownedScalars(string assemblyPath)
    {
        var resolver = new DefaultAssemblyResolver();
        resolver.AddSearchDirectory(Path.GetDirectoryName(assemblyPath)!);
        resolver.AddSearchDirectory(Path.GetDirectoryName(TorchSharpPath)!);
        var parameters = new ReaderParameters { AssemblyResolver = resolver };
        using var library = AssemblyDefinition.ReadAssembly(assemblyPath, parameters);
        using var torchSharp = AssemblyDefinition.ReadAssembly(TorchSharpPath, parameters);
        var unowned = new UnownedInTorchSharp(torchSharp.MainModule);
        var found = new List<string>();
        foreach (var type in library.MainModule.GetTypes())
            foreach (var method in type.Methods.Where(m => m.HasBody))
                foreach (var call in method.Body.Instructions.Where(IsCall))
                {
                    var target = (MethodReference)call.Operand;
                    bool bad = IsToScalar(target) ? !Owned(method, call)
                        : IsImplicit(target) || InTorchSharp(target) && unowned.Makes(target);
                    if (bad) found.Add($"{type.FullName}::{method.Name} → {target.DeclaringType.Name}.{target.Name}({string.Join(", ", target.Parameters.Select(p => p.ParameterType.Name))})");
                }
        return found;
    }

    [Fact]
    public void Library_EveryScalarItMakesHasAnOwner()
    {
        var found = UnownedScalars(typeof(TorchAe.Training.TrainingLoop).Assembly.Location);
        Assert.True(found.Count == 0, $"{found.Count} Scalars without an owner (use OwnedScalars or a using):\n{string.Join("\n", found)}");
    }

    /// <summary>The check can fail: TorchSharp's own operators make unowned Scalars, and the test finds them.</summary>
    [Fact]
    public void Check_OnTorchSharpsOperators_FindsTheirScalars()
    {
        var found = UnownedScalars(TorchSharpPath);
        Assert.Contains(found, f => f.StartsWith("TorchSharp.torch/Tensor::op_Multiply → Scalar.op_Implicit(Int64)", StringComparison.Ordinal));
        Assert.Contains(found, f => f.StartsWith("TorchSharp.torch/Tensor::square → Scalar.op_Implicit(Int32)", StringComparison.Ordinal));
        Assert.Contains(found, f => f.StartsWith("TorchSharp.torch/Tensor::op_Addition → Tensor.add(Tensor)", StringComparison.Ordinal));
    }
}
