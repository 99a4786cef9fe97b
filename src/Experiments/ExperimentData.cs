using TorchAe.Data;

namespace TorchAe.Experiments;

/// <summary>The samples of an experiment: training, validation (possibly empty) and test sets, from the data layer.</summary>
internal sealed record ExperimentData(Dataset Train, Dataset? Validation, Dataset? Test)
{
    /// <summary>Whether the classifier and fine-tuning run: labelled training and test sets of at least 2 classes.</summary>
    public bool Supervised => Train.Labels is not null && Test?.Labels is not null && Train.ClassNames.Count >= 2;

    /// <summary>Loads what <paramref name="options"/> names. Sources without their own test set (csv, folder) are split
    /// (stratified, seeded); a validation share is then taken from the training samples.</summary>
    public static ExperimentData Load(DataOptions options, ulong seed)
    {
        var (train, test) = DataLoader.Load(options, seed);
        if (test is null && train.Labels is not null)
        {
            var split = DataSplits.Stratified(train, 0, options.TestFraction, seed);
            (train, test) = (split.Train, split.Test);
        }
        Dataset? validation = null;
        if (options.ValidationFraction > 0)
        {
            var split = DataSplits.Stratified(train, options.ValidationFraction, 0, seed + 1);
            (train, validation) = (split.Train, split.Validation);
        }
        return new ExperimentData(train, validation, test);
    }
}
