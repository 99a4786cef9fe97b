using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TorchAe.Training.Objectives;

/// <summary>Puts hand-derived gradients where autograd would: each parameter's <c>.grad</c>.</summary>
public static class GradientAssignment
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

    /// <summary>Fraction of argmax(logits) equal to the targets, evaluated in batches of 10,000 under no_grad.</summary>
    public static double Accuracy(Func<Tensor, Tensor> logits, Tensor inputs, Tensor targets)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        long correct = 0, n = inputs.shape[0];
        for (long start = 0; start < n; start += 10_000)
        {
            long size = Math.Min(10_000, n - start);
            correct += logits(inputs.narrow(0, start, size)).argmax(1).eq(targets.narrow(0, start, size)).sum().ToInt64();
        }
        return (double)correct / n;
    }
}
