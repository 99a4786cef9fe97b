using TorchAe.Kernels;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace TorchAe.Training;

/// <summary>How well a classifier does on labelled data: accuracy and the confusion matrix, in eval mode, under no_grad.</summary>
public static class Evaluation
{
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

    /// <summary>The accuracy of <paramref name="model"/> (in eval mode) on <paramref name="data"/>.</summary>
    public static double Accuracy(Module<Tensor, Tensor> model, TrainingData data)
    {
        model.eval();
        try { return Accuracy(model.call, data.Inputs, data.Targets!); }
        finally { model.train(); }
    }

    /// <summary>Each sample's squared reconstruction error Σ_j (x_kj − z_kj)², in float64: <paramref name="inputs"/> X and
    /// <paramref name="reconstructions"/> Z are (R, N); the result has R entries.</summary>
    public static double[] SquaredErrors(Tensor inputs, Tensor reconstructions)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        return (inputs.to(ScalarType.Float64) - reconstructions.to(ScalarType.Float64)).Squared().sum([1L]).cpu().data<double>().ToArray();
    }

    /// <summary>The lecture's self-supervision error: RMSE = √((1/(R·N)) Σ_k Σ_j (x_kj − z_kj)²) from the R per-sample
    /// <paramref name="squaredErrors"/> of <paramref name="inputs"/> = N inputs each.</summary>
    public static double Rmse(IReadOnlyCollection<double> squaredErrors, long inputs) =>
        Math.Sqrt(squaredErrors.Sum() / ((double)squaredErrors.Count * inputs));

    /// <summary>Counts of (actual, predicted) class pairs: rows actual, columns predicted.</summary>
    public static int[,] Confusion(Module<Tensor, Tensor> model, TrainingData data, int classes)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        model.eval();
        long[] predicted;
        try { predicted = model.call(data.Inputs).argmax(1).cpu().data<long>().ToArray(); }
        finally { model.train(); }
        var actual = data.Targets!.cpu().data<long>().ToArray();
        var counts = new int[classes, classes];
        for (int i = 0; i < actual.Length; i++) counts[actual[i], predicted[i]]++;
        return counts;
    }
}
