using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TorchAe.Training.Objectives;

/// <summary>Puts hand-derived gradients where autograd would: each parameter's <c>.grad</c>.</summary>
internal static class GradientAssignment
{
    public static void Assign(IEnumerable<(string Name, Parameter Parameter)> parameters, IReadOnlyDictionary<string, Tensor> gradients)
    {
        foreach (var (name, p) in parameters)
            p.grad = gradients[name];
    }

    public static void Clear(IEnumerable<Parameter> parameters)
    {
        foreach (var p in parameters) p.grad = null;
    }
}
