namespace TorchAe.Reporting.Classification;

/// <summary>Accuracy and per-class precision, recall and support from a confusion matrix counts[actual, predicted]:
/// precision_c = counts[c, c] / Σₐ counts[a, c], recall_c = counts[c, c] / Σₚ counts[c, p],
/// F1 = 2PR / (P + R), accuracy = Σ counts[c, c] / Σ counts.</summary>
public sealed record ClassificationReport(int Total, int Correct, IReadOnlyList<ClassScores> Classes)
{
    /// <summary>Correct / Total; NaN for an empty matrix.</summary>
    public double Accuracy => Total == 0 ? double.NaN : (double)Correct / Total;

    /// <summary>The unweighted mean of the defined per-class recalls (balanced accuracy); null when none is defined.</summary>
    public double? MacroRecall => Mean(Classes.Select(c => c.Recall));

    /// <summary>The unweighted mean of the defined per-class precisions; null when none is defined.</summary>
    public double? MacroPrecision => Mean(Classes.Select(c => c.Precision));

    /// <summary>The report for a K × K matrix counts[actual, predicted] with one name per class; a matrix that is not K × K throws <see cref="ArgumentException"/>.</summary>
    public static ClassificationReport FromConfusion(int[,] counts, IReadOnlyList<string> classNames)
    {
        int k = CheckSquare(counts, classNames);
        int total = 0, correct = 0;
        var classes = new List<ClassScores>(k);
        for (int c = 0; c < k; c++)
        {
            int support = 0, predicted = 0;
            for (int i = 0; i < k; i++)
            {
                support += counts[c, i];
                predicted += counts[i, c];
            }
            int hit = counts[c, c];
            double? precision = predicted == 0 ? null : (double)hit / predicted;
            double? recall = support == 0 ? null : (double)hit / support;
            double? f1 = precision is { } p && recall is { } r && p + r > 0 ? 2 * p * r / (p + r) : null;
            classes.Add(new ClassScores(classNames[c], support, predicted, precision, recall, f1));
            total += support;
            correct += hit;
        }
        return new ClassificationReport(total, correct, classes);
    }

    /// <summary>Counts predictions into a confusion matrix [actual, predicted] of <paramref name="classes"/> classes.</summary>
    public static int[,] CountConfusion(IReadOnlyList<int> actual, IReadOnlyList<int> predicted, int classes)
    {
        if (actual.Count != predicted.Count)
            throw new ArgumentException($"actual has {actual.Count} labels but predicted has {predicted.Count}", nameof(predicted));
        var counts = new int[classes, classes];
        for (int i = 0; i < actual.Count; i++)
        {
            if ((uint)actual[i] >= (uint)classes || (uint)predicted[i] >= (uint)classes)
                throw new ArgumentOutOfRangeException(nameof(actual), $"sample {i}: labels must be in [0, {classes}), got actual {actual[i]}, predicted {predicted[i]}");
            counts[actual[i], predicted[i]]++;
        }
        return counts;
    }

    internal static int CheckSquare(int[,] counts, IReadOnlyList<string> classNames)
    {
        int k = counts.GetLength(0);
        if (counts.GetLength(1) != k || classNames.Count != k)
            throw new ArgumentException($"the confusion matrix must be K × K with K class names, got {counts.GetLength(0)} × {counts.GetLength(1)} and {classNames.Count} names");
        for (int a = 0; a < k; a++)
            for (int p = 0; p < k; p++)
                if (counts[a, p] < 0) throw new ArgumentException($"counts must be >= 0, got {counts[a, p]} at ({a}, {p})", nameof(counts));
        return k;
    }

    private static double? Mean(IEnumerable<double?> values)
    {
        var defined = values.OfType<double>().ToList();
        return defined.Count == 0 ? null : defined.Average();
    }
}
