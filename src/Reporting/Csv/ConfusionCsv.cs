using System.Globalization;
using CsvHelper;
using TorchAe.IO;
using TorchAe.Reporting.Classification;

namespace TorchAe.Reporting.Csv;

/// <summary>The format of <c>confusion.csv</c>: a K × K matrix of counts with the header
/// <c>actual,&lt;class 1&gt;,…,&lt;class K&gt;</c> and one row per actual class, the row's first cell naming it; cell
/// (actual a, column p) counts the test samples of class a that were predicted as p.</summary>
public static class ConfusionCsv
{
    /// <summary>The run folder's file name, <c>confusion.csv</c>.</summary>
    public const string FileName = "confusion.csv";
    /// <summary>The header of the first column, which names each row's actual class.</summary>
    public const string ActualColumn = "actual";

    /// <summary>Writes <paramref name="counts"/>[actual, predicted] atomically.</summary>
    public static void Write(string path, int[,] counts, IReadOnlyList<string> classNames)
    {
        int k = ClassificationReport.CheckSquare(counts, classNames);
        AtomicFile.Write(path, stream =>
        {
            using var csv = CsvWriter.Create(stream, CsvFormat.Writer, leaveOpen: true);
            csv.WriteHeader([ActualColumn, .. classNames]);
            for (int a = 0; a < k; a++)
            {
                csv.WriteField(classNames[a]);
                for (int p = 0; p < k; p++) csv.WriteField(counts[a, p]);
                csv.EndRecord();
            }
        });
    }

    /// <summary>Reads a <c>confusion.csv</c> back. Throws <see cref="InvalidDataException"/> unless the header starts with
    /// <c>actual</c> and the rows name the same classes as the header, in its order.</summary>
    public static ConfusionTable Read(string path)
    {
        using var csv = CsvReader.Create(File.OpenRead(path), CsvFormat.Reader, leaveOpen: false);
        var header = csv.Headers;
        if (header.Count < 2 || header[0] != ActualColumn)
            throw new InvalidDataException($"{path}: expected the columns {ActualColumn},<class 1>,…,<class K>, got {string.Join(",", header)}");
        var names = header.Skip(1).ToList();
        var counts = new int[names.Count, names.Count];
        int row = 0;
        while (csv.Read())
        {
            if (row >= names.Count || csv.GetString(0) != names[row] || csv.FieldCount != names.Count + 1)
                throw new InvalidDataException($"{path}: data row {row + 1} should be the {names.Count + 1} cells of actual class '{(row < names.Count ? names[row] : "")}'");
            for (int p = 0; p < names.Count; p++) counts[row, p] = csv.Parse<int>(p + 1);
            row++;
        }
        if (row != names.Count)
            throw new InvalidDataException($"{path}: {names.Count} classes in the header but {row.ToString(CultureInfo.InvariantCulture)} rows");
        return new ConfusionTable(names, counts);
    }
}
