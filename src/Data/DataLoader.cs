using TorchAe.Data.Readers;
using TorchAe.Data.Sets;
using TorchAe.Data.Shapes;
using TorchAe.IO;
using TorchAe.Options;
using TorchAe.Runtime;

namespace TorchAe.Data;

/// <summary>Loads the training set and, where the source has one, the test set that <see cref="DataOptions"/> names:
/// shapes and patches draw both from one seed; MNIST reads train and t10k (or, given one images file, only that as
/// the training set); CSV and image folders give one set (Test = null: split it with
/// <see cref="DataSplits.Stratified"/>). File sources keep the first TrainCount (and, MNIST, TestCount) samples.
/// Bad files end in a <see cref="DataFormatException"/>.</summary>
public static class DataLoader
{
    /// <param name="seed">Seed of the generated sets (shapes, patches); file sources ignore it.</param>
    /// <param name="precision">The dtype the readers compute in: float64 sets hold <see cref="Dataset.Features64"/>
    /// (e.g. MNIST's byte / 255 in double), never values rounded through float32.</param>
    public static (Dataset Train, Dataset? Test) Load(DataOptions options, ulong seed, Precision precision = Precision.Float32)
    {
        options.Validate();
        var (train, test) = options.Source switch
        {
            DataSource.Shapes => ShapesGenerator.Generate(options.Shapes, options.TrainCount ?? DataOptions.DefaultCount,
                options.TestCount ?? DataOptions.DefaultCount, seed, precision),
            DataSource.Mnist => Mnist(Single(options), precision),
            DataSource.Csv => (CsvDatasetReader.Read(Single(options), new CsvOptions { LabelColumn = options.LabelColumn, HasHeader = options.Header }, precision), null),
            DataSource.Patches => NaturalPatches.Load(options.Paths, new PatchOptions
            {
                Count = options.TrainCount ?? DataOptions.DefaultCount, TestCount = options.TestCount ?? 0, PatchSize = options.PatchSize,
            }, seed, precision),
            DataSource.Folder => (ImageFolderReader.Read(Single(options), options.Folder, precision), null),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Source, "unknown data source"),
        };
        if (options.Source is DataSource.Mnist or DataSource.Csv or DataSource.Folder)
        {
            if (options.TrainCount is { } n && n < train.Count) train = train.Take(n);
            if (options.TestCount is { } m && test is not null && m < test.Count) test = test.Take(m);
        }
        return (train, test);
    }

    static (Dataset, Dataset?) Mnist(string path, Precision precision)
    {
        if (Directory.Exists(path)) return MnistReader.LoadFolder(path, precision);
        if (!File.Exists(path)) throw new DataFormatException(path, "no such file or folder");
        return (MnistReader.Read(path, MnistReader.LabelsBeside(path), precision), null);
    }

    static string Single(DataOptions options) =>
        options.Paths.Count == 1 ? options.Paths[0]
        : throw new OptionException("data", string.Join(",", options.Paths), $"one path for the {EnumText.Name(options.Source)} source");
}
