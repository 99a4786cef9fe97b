using TorchAe.Data.Numerics;

namespace TorchAe.Data.Sets;

/// <summary>Seeded splits of one data set, reproducible on every machine (<see cref="DeterministicRandom"/>).</summary>
public static class DataSplits
{
    const ulong SplitStream = 0x5350_4C49_5400_0001;

    /// <summary>Stratified: within each class, round(n·testFraction) samples go to test and round(n·validationFraction)
    /// to validation, chosen at random; the rest train. Unlabelled sets are split as one class. Each subset keeps
    /// the original sample order.</summary>
    public static DataSplit Stratified(Dataset data, double validationFraction, double testFraction, ulong seed)
    {
        if (!(validationFraction >= 0 && testFraction >= 0 && validationFraction + testFraction < 1))
            throw new ArgumentException($"validation ({validationFraction}) and test ({testFraction}) fractions must be >= 0 and sum to less than 1");
        var random = new DeterministicRandom(seed, SplitStream);
        var train = new List<int>();
        var validation = new List<int>();
        var test = new List<int>();
        var groups = Enumerable.Range(0, data.Count).GroupBy(i => data.Labels?[i] ?? 0).OrderBy(g => g.Key);
        foreach (var group in groups)
        {
            var members = group.ToList();
            random.Shuffle(members);
            int nTest = (int)Math.Round(members.Count * testFraction), nValidation = (int)Math.Round(members.Count * validationFraction);
            nValidation = Math.Min(nValidation, members.Count - nTest);
            test.AddRange(members.Take(nTest));
            validation.AddRange(members.Skip(nTest).Take(nValidation));
            train.AddRange(members.Skip(nTest + nValidation));
        }
        train.Sort(); validation.Sort(); test.Sort();
        return new DataSplit(data.Subset(train), data.Subset(validation), data.Subset(test));
    }

    /// <summary>The last round(n·<paramref name="validationFraction"/>) samples (in the set's order) as validation, the
    /// rest as training; no draw, no test share (<see cref="ValidationSplit.Last"/>).</summary>
    public static DataSplit Last(Dataset data, double validationFraction)
    {
        if (!(validationFraction >= 0 && validationFraction < 1))
            throw new ArgumentException($"the validation fraction ({validationFraction}) must be in [0, 1)");
        int validation = (int)Math.Round(data.Count * validationFraction), train = data.Count - validation;
        return new DataSplit(data.Take(train), data.Subset(Enumerable.Range(train, validation).ToArray()), data.Take(0));
    }
}
