using TorchAe.Data.Readers;
using TorchAe.Data.Shapes;

namespace TorchAe.Data;

/// <summary>Where samples come from (<see cref="DataLoader"/>).</summary>
public enum DataSource
{
    /// <summary>Generated shapes (<see cref="ShapesGenerator"/>).</summary>
    Shapes,
    /// <summary>MNIST IDX files (<see cref="MnistReader"/>).</summary>
    Mnist,
    /// <summary>A numeric table with a label column (<see cref="CsvDatasetReader"/>).</summary>
    Csv,
    /// <summary>Random patches of PGM photographs (<see cref="NaturalPatches"/>).</summary>
    Patches,
    /// <summary>One sub-folder of PNG/JPEG images per class (<see cref="ImageFolderReader"/>).</summary>
    Folder,
}
