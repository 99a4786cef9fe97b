using TorchAe.Data;
using TorchAe.Data.Sets;
using TorchAe.Runtime;

namespace TorchAe.Experiments;

/// <summary>The samples of an experiment: training, validation (possibly empty) and test sets, from the data layer,
/// rescaled by <see cref="Scaler"/> (fitted on the training split only).</summary>
internal sealed record ExperimentData(Dataset Train, Dataset? Validation, Dataset? Test)
{
    /// <summary>Whether the classifier and fine-tuning run: labelled training and test sets of at least 2 classes.</summary>
    public bool Supervised => Train.Labels is not null && Test?.Labels is not null && Train.ClassNames.Count >= 2;

    /// <summary>The map applied to every set (<see cref="DataOptions.Scale"/> fitted on <see cref="Train"/>).</summary>
    public FeatureScaler Scaler { get; init; } = FeatureScaler.Identity;

    /// <summary>Loads what <paramref name="options"/> names, in <paramref name="precision"/>, and rescales it. Sources
    /// without their own test set (csv, folder) are split (stratified, seeded); a validation share is then taken from
    /// the training samples (a stratified draw, or the last ones); the scaler is fitted on what remains for training.</summary>
    public static ExperimentData Load(DataOptions options, ulong seed, Precision precision = Precision.Float32)
    {
        var raw = LoadUnscaled(options, seed, precision);
        var scaler = FeatureScaler.Fit(options.Scale, raw.Train);
        return new ExperimentData(scaler.Apply(raw.Train), raw.Validation is null ? null : scaler.Apply(raw.Validation),
            raw.Test is null ? null : scaler.Apply(raw.Test)) { Scaler = scaler };
    }

    /// <summary>The sets as read, before any scaling (what a stored scaler is applied to).</summary>
    public static ExperimentData LoadUnscaled(DataOptions options, ulong seed, Precision precision = Precision.Float32)
    {
        var (train, test) = DataLoader.Load(options, seed, precision);
        if (test is null && train.Labels is not null)
        {
            var split = DataSplits.Stratified(train, 0, options.TestFraction, seed);
            (train, test) = (split.Train, split.Test);
        }
        Dataset? validation = null;
        if (options.ValidationFraction > 0)
        {
            var split = options.ValidationSplit == ValidationSplit.Last
                ? DataSplits.Last(train, options.ValidationFraction)
                : DataSplits.Stratified(train, options.ValidationFraction, 0, seed + 1);
            (train, validation) = (split.Train, split.Validation);
        }
        return new ExperimentData(train, validation, test);
    }
}
