using TorchAe.Data;
using TorchAe.Options;
using TorchAe.Training.Experiment;

namespace TorchAe.Runs;

/// <summary>The samples of an experiment: training, validation (possibly empty) and test sets, from the data layer.</summary>
public sealed record ExperimentData(Dataset Train, Dataset? Validation, Dataset? Test)
{
    /// <summary>Loads what <paramref name="spec"/> names. Sources without their own test set (csv, folder) are split
    /// (stratified, seeded); a validation share is then taken from the training samples.</summary>
    public static ExperimentData Load(DataSpec spec, ulong seed)
    {
        var source = spec.Source switch
        {
            "shapes" => DataSource.Shapes, "mnist" => DataSource.Mnist, "csv" => DataSource.Csv,
            "patches" => DataSource.Patches, "folder" => DataSource.Folder,
            _ => throw new OptionException("source", spec.Source, "one of shapes, mnist, csv, patches, folder"),
        };
        var options = new DataOptions
        {
            Source = source,
            Paths = spec.Paths,
            Seed = seed,
            Shapes = new ShapesOptions
            {
                Size = spec.Shapes.Size, Count = spec.TrainCount ?? 1000, TestCount = spec.TestCount ?? 1000,
                Jitter = spec.Shapes.Jitter, RadiusMin = spec.Shapes.RadiusMin, RadiusMax = spec.Shapes.RadiusMax, Noise = spec.Shapes.Noise,
            }.Validate(),
            Csv = new CsvOptions { LabelColumn = spec.LabelColumn, HasHeader = spec.Header },
            Patches = new PatchOptions { Count = spec.TrainCount ?? 10_000, PatchSize = spec.PatchSize },
        };
        var (train, test) = DataLoader.Load(options);
        if (source is DataSource.Mnist)
        {
            if (spec.TrainCount is { } n && n < train.Count) train = train.Take(n);
            if (spec.TestCount is { } m && test is not null && m < test.Count) test = test.Take(m);
        }
        if (test is null && train.Labels is not null)
        {
            var split = DataSplits.Stratified(train, 0, spec.TestFraction, seed);
            (train, test) = (split.Train, split.Test);
        }
        Dataset? validation = null;
        if (spec.ValidationFraction > 0)
        {
            var split = DataSplits.Stratified(train, spec.ValidationFraction, 0, seed + 1);
            (train, validation) = (split.Train, split.Validation);
        }
        return new ExperimentData(train, validation, test);
    }
}
