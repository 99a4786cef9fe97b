using TorchAe.Data.Sets;
using System.Globalization;
using System.Text;
using TorchAe.IO;
using TorchAe.Runtime;

namespace TorchAe.Data.Readers;

/// <summary>Numeric tables with one label column, from .csv or .csv.gz (UTF-8, optional BOM). A hand-written parser
/// (RFC 4180 quoting with "" escapes, cells trimmed, blank lines skipped, no line breaks inside quotes) so that every
/// bad cell is reported with its file, line and column: <c>digits.csv: line 12, column 3: 'abc' is not a number</c>.
/// Features must be finite numbers that fit float32. Labels may be integers or strings; the class names are the
/// distinct labels sorted (numerically when all are integers, else ordinally) and a label's class is its rank there.
/// A table whose feature count is a perfect square (64 → 8×8) is taken as square images, otherwise as 1-row ones.</summary>
public static class CsvDatasetReader
{
    /// <summary>Reads the table at <paramref name="path"/> as above (R rows, N feature columns, the label column named by <paramref name="options"/>); a file that breaks a rule throws <see cref="DataFormatException"/> naming the line.</summary>
    /// <param name="precision">float64: features are kept as parsed in double (<see cref="Dataset.Features64"/>) and
    /// need only be finite; float32: rounded, and refused outside the float32 range.</param>
    public static Dataset Read(string path, CsvOptions? options = null, Precision precision = Precision.Float32)
    {
        options ??= new CsvOptions();
        var text = Decode(path, DataFile.ReadAllBytes(path));
        var rows = new List<(int Line, string[] Cells)>();
        int lineNumber = 0;
        // Line ends: LF, CRLF, or a lone CR (old Mac files), so no CR ever stays inside a cell.
        foreach (var line in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n', '\r'))
        {
            lineNumber++;
            if (line.Trim().Length == 0) continue;
            // A spreadsheet saved for a decimal-comma locale separates cells with ';': say so rather than what that
            // does to the first line's quotes or cells.
            bool semicolons = rows.Count == 0 && options.Delimiter == ',' && line.Contains(';');
            string[] cells;
            try { cells = SplitCells(path, lineNumber, line, options.Delimiter); }
            catch (DataFormatException) when (semicolons) { throw Semicolons(path, lineNumber); }
            if (semicolons && cells.Length == 1) throw Semicolons(path, lineNumber);
            rows.Add((lineNumber, cells));
        }
        if (rows.Count == 0) throw new DataFormatException(path, "holds no rows (only blank lines)");

        int columns = rows[0].Cells.Length;
        string[]? header = IsHeader(rows[0].Cells, options) ? rows[0].Cells : null;
        int label = LabelIndex(path, options.LabelColumn, columns, header);
        if (columns < 2) throw new DataFormatException(path, $"line {rows[0].Line}: 1 column; a table needs at least one feature column besides the label");
        var data = header is null ? rows : rows.Skip(1).ToList();
        if (data.Count == 0) throw new DataFormatException(path, "holds a header but no data rows");

        int featureCount = columns - 1;
        bool precise = precision == Precision.Float64;
        var features = new float[precise ? 0 : (long)data.Count * featureCount];
        var features64 = new double[precise ? (long)data.Count * featureCount : 0];
        var labelText = new string[data.Count];
        for (int r = 0; r < data.Count; r++)
        {
            var (line, cells) = data[r];
            if (cells.Length != columns)
                throw new DataFormatException(path, $"line {line}: {cells.Length} cells, expected {columns} as on line {rows[0].Line}");
            for (int c = 0, f = 0; c < columns; c++)
            {
                if (c == label)
                {
                    labelText[r] = cells[c].Length > 0 ? cells[c] : throw new DataFormatException(path, $"line {line}, {Column(c, header)}: empty label");
                    continue;
                }
                var value = ParseFeature(path, line, c, header, cells[c]);
                if (precise) features64[(long)r * featureCount + f++] = value;
                else features[(long)r * featureCount + f++] = Single(path, line, c, header, cells[c], value);
            }
        }

        var (labels, classNames) = Classes(labelText);
        int side = (int)Math.Round(Math.Sqrt(featureCount));
        var (width, height) = side * side == featureCount && side > 1 ? (side, side) : (featureCount, 1);
        return precise ? new Dataset(features64, data.Count, featureCount, labels, classNames, width, height, path)
            : new Dataset(features, data.Count, featureCount, labels, classNames, width, height, path);
    }

    static string Decode(string path, byte[] bytes)
    {
        try
        {
            return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException e)
        {
            throw new DataFormatException(path, $"not UTF-8 text (invalid byte at offset {e.Index})");
        }
    }

    static DataFormatException Semicolons(string path, int line) =>
        new(path, $"line {line}: the cells are separated by ';' (a spreadsheet saved for a decimal-comma locale?); TorchAe reads ',' between cells and '.' as the decimal point: save the table with those");

    static string[] SplitCells(string path, int line, string text, char delimiter)
    {
        var cells = new List<string>();
        int i = 0;
        while (true)
        {
            while (i < text.Length && text[i] is ' ' or '\t' && text[i] != delimiter) i++;
            string cell;
            if (i < text.Length && text[i] == '"')
            {
                var quoted = new StringBuilder();
                int start = i++;
                while (true)
                {
                    if (i >= text.Length) throw new DataFormatException(path, $"line {line}, column {cells.Count + 1}: unterminated quoted cell starting at character {start + 1}");
                    if (text[i] == '"' && i + 1 < text.Length && text[i + 1] == '"') { quoted.Append('"'); i += 2; continue; }
                    if (text[i] == '"') { i++; break; }
                    quoted.Append(text[i++]);
                }
                while (i < text.Length && text[i] is ' ' or '\t' && text[i] != delimiter) i++;
                if (i < text.Length && text[i] != delimiter)
                    throw new DataFormatException(path, $"line {line}, column {cells.Count + 1}: text after the closing quote");
                cell = quoted.ToString().Trim();
            }
            else
            {
                int end = text.IndexOf(delimiter, i);
                if (end < 0) end = text.Length;
                cell = text[i..end].Trim();
                i = end;
            }
            cells.Add(cell);
            if (i >= text.Length) return cells.ToArray();
            i++; // the delimiter
        }
    }

    static bool IsHeader(string[] first, CsvOptions options) =>
        options.HasHeader ?? first.All(c => !double.TryParse(c, NumberStyles.Float, CultureInfo.InvariantCulture, out _));

    static int LabelIndex(string path, string? column, int columns, string[]? header)
    {
        if (column is null) return columns - 1;
        if (int.TryParse(column, NumberStyles.Integer, CultureInfo.InvariantCulture, out int number))
        {
            int index = number > 0 ? number - 1 : columns + number;
            return number != 0 && index >= 0 && index < columns ? index
                : throw new DataFormatException(path, $"label column {number} does not exist: the table has {columns} columns (1..{columns}, or -1..-{columns} from the end)");
        }
        if (header is null) throw new DataFormatException(path, $"label column '{column}' is a name, but the file has no header line");
        int named = Array.IndexOf(header, column);
        return named >= 0 ? named : throw new DataFormatException(path, $"no column named '{column}' (columns: {MessageText.OneLine(string.Join(", ", header), 200)})");
    }

    static double ParseFeature(string path, int line, int column, string[]? header, string cell)
    {
        if (cell.Length == 0) throw new DataFormatException(path, $"line {line}, {Column(column, header)}: empty cell, expected a number");
        if (!double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
            throw new DataFormatException(path, $"line {line}, {Column(column, header)}: '{MessageText.OneLine(cell)}' is not a number");
        if (!double.IsFinite(value))
            throw new DataFormatException(path, $"line {line}, {Column(column, header)}: '{MessageText.OneLine(cell)}' is not a finite number");
        return value;
    }

    static float Single(string path, int line, int column, string[]? header, string cell, double value)
    {
        float single = (float)value;
        return float.IsFinite(single) ? single
            : throw new DataFormatException(path, $"line {line}, {Column(column, header)}: '{MessageText.OneLine(cell)}' is outside the float32 range");
    }

    static string Column(int index, string[]? header) => header is null ? $"column {index + 1}" : $"column {index + 1} ('{MessageText.OneLine(header[index])}')";

    static (int[] Labels, string[] ClassNames) Classes(string[] labelText)
    {
        // Integer labels are compared as numbers ("07" and "7" are one class, named "7"); other labels as strings.
        bool integers = labelText.All(l => long.TryParse(l, NumberStyles.Integer, CultureInfo.InvariantCulture, out _));
        var keys = integers ? labelText.Select(l => long.Parse(l, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture)).ToArray() : labelText;
        var sorted = integers
            ? keys.Distinct().OrderBy(k => long.Parse(k, CultureInfo.InvariantCulture)).ToArray()
            : keys.Distinct(StringComparer.Ordinal).OrderBy(k => k, StringComparer.Ordinal).ToArray();
        var rank = sorted.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => p.i, StringComparer.Ordinal);
        return (keys.Select(k => rank[k]).ToArray(), sorted);
    }
}
