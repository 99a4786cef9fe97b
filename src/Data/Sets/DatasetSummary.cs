namespace TorchAe.Data.Sets;

/// <summary>What `torchae dataset` prints and writes to dataset.json for one set: size, geometry, class counts and
/// value statistics (over every value of every sample; Std with N normalisation).</summary>
internal sealed record DatasetSummary(string Split, string Source, int Samples, int Features, int Width, int Height,
    IReadOnlyList<ClassCount> Classes, double Min, double Max, double Mean, double Std)
{
    public static DatasetSummary Of(Dataset data, string split)
    {
        double min = double.PositiveInfinity, max = double.NegativeInfinity, sum = 0, squares = 0;
        foreach (var v in data.Features)
        {
            if (v < min) min = v;
            if (v > max) max = v;
            sum += v;
        }
        double mean = sum / data.Features.Length;
        foreach (var v in data.Features) squares += (v - mean) * (v - mean);
        var counts = data.ClassCounts();
        var classes = data.ClassNames.Select((name, c) => new ClassCount(name, counts[c])).ToList();
        return new DatasetSummary(split, data.Source, data.Count, data.FeatureCount, data.Width, data.Height, classes,
            min, max, mean, Math.Sqrt(squares / data.Features.Length));
    }
}
