namespace TorchAe.IO;

/// <summary>A file or folder (data, checkpoint, weights) that cannot be used; the message starts with the path and says what is wrong
/// (and where: line, column, byte offset, field), e.g. <c>train.csv: line 12, column 'x3': 'abc' is not a number</c>.</summary>
public sealed class DataFormatException(string path, string problem) : Exception($"{path}: {problem}")
{
    /// <summary>The file whose content is wrong.</summary>
    public string Path { get; } = path;
}
