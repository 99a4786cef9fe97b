using TorchAe.IO;
using TorchAe.Options;

namespace TorchAe.Data;

/// <summary>Loads the training set and, where the source has one, the test set that <see cref="DataOptions"/> names:
/// shapes and patches draw both from one seed; MNIST reads train and t10k (or, given one images file, only that as
/// the training set); CSV and image folders give one set (Test = null: split it with
/// <see cref="DataSplits.Stratified"/>). Bad files end in a <see cref="DataFormatException"/>.</summary>
public static class DataLoader
{
    public static (Dataset Train, Dataset? Test) Load(DataOptions options)
    {
        (Dataset Train, Dataset? Test) sets = options.Source switch
        {
            DataSource.Shapes => Shapes(options),
            DataSource.Mnist => Mnist(Single(options)),
            DataSource.Csv => (CsvDatasetReader.Read(Single(options), options.Csv), null),
            DataSource.Patches => NaturalPatches.Load(Required(options), options.Patches, options.Seed),
            DataSource.Folder => (ImageFolderReader.Read(Single(options), options.Folder), null),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Source, "unknown data source"),
        };
        if (options.Limit is { } limit && options.Source is DataSource.Mnist or DataSource.Csv or DataSource.Folder)
            sets = (sets.Train.Take(limit), sets.Test?.Take(limit));
        return sets;
    }

    static (Dataset, Dataset?) Shapes(DataOptions options)
    {
        var train = ShapesGenerator.Generate(options.Shapes, options.Seed, ShapesSplit.Train);
        return (train, options.Shapes.TestCount == 0 ? null : ShapesGenerator.Generate(options.Shapes, options.Seed, ShapesSplit.Test));
    }

    static (Dataset, Dataset?) Mnist(string path)
    {
        if (Directory.Exists(path)) return MnistReader.LoadFolder(path);
        if (!File.Exists(path)) throw new DataFormatException(path, "no such file or folder");
        return (MnistReader.Read(path, MnistReader.LabelsBeside(path)), null);
    }

    static IReadOnlyList<string> Required(DataOptions options) =>
        options.Paths.Count > 0 ? options.Paths : throw new OptionException("data", null, $"a path for the {options.Source.ToString().ToLowerInvariant()} source");

    static string Single(DataOptions options)
    {
        var paths = Required(options);
        return paths.Count == 1 ? paths[0] : throw new OptionException("data", string.Join(",", paths), $"one path for the {options.Source.ToString().ToLowerInvariant()} source");
    }
}
