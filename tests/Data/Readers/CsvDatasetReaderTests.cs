using TorchAe.Data;
using TorchAe.Data.Readers;
using TorchAe.IO;
using TorchAe.Tests.Support;

namespace TorchAe.Tests.Data.Readers;

public sealed class CsvDatasetReaderTests : IDisposable
{
    readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Read_Float64_KeepsTheParsedDoubles()
    {
        var path = temp.WriteText("t.csv", "0.1,1e39,a\n0.7,-2.5,b\n");
        var precise = CsvDatasetReader.Read(path, null, TorchAe.Runtime.Precision.Float64);
        Assert.Equal([0.1, 1e39, 0.7, -2.5], precise.Features64!);
        var (loaded, _) = DataLoader.Load(new DataOptions { Source = DataSource.Csv, Paths = [path] }, 1, TorchAe.Runtime.Precision.Float64);
        Assert.Equal(precise.Features64, loaded.Features64);
        // float32 rounds 0.1 and refuses 1e39
        Assert.Contains("outside the float32 range", Assert.Throws<DataFormatException>(() => CsvDatasetReader.Read(path)).Message);
    }

    [Fact]
    public void Read_NoHeader_LastColumnIsLabel()
    {
        var path = temp.WriteText("t.csv", "1,2,3,0\n4.5,-6e-1,7,1\r\n\n8,9,10,0\n");
        var data = CsvDatasetReader.Read(path);
        Assert.Equal((3, 3, 3, 1), (data.Count, data.FeatureCount, data.Width, data.Height));
        Assert.Equal([1f, 2, 3, 4.5f, -0.6f, 7, 8, 9, 10], data.Features);
        Assert.Equal([0, 1, 0], data.Labels!);
        Assert.Equal(["0", "1"], data.ClassNames);
    }

    [Fact]
    public void Read_HeaderDetected_LabelByName_StringLabelsSorted()
    {
        var path = temp.WriteText("t.csv", "kind,a,b\ndog,1,2\ncat,3,4\n\"ant\",5,6\n");
        var data = CsvDatasetReader.Read(path, new CsvOptions { LabelColumn = "kind" });
        Assert.Equal(["ant", "cat", "dog"], data.ClassNames);
        Assert.Equal([2, 1, 0], data.Labels!);
        Assert.Equal([1f, 2, 3, 4, 5, 6], data.Features);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("-3")]
    public void Read_LabelColumnByNumber_FirstColumn(string column)
    {
        var path = temp.WriteText("t.csv", "7,1,2\n9,3,4\n10,5,6\n09,7,8\n");
        var data = CsvDatasetReader.Read(path, new CsvOptions { LabelColumn = column });
        // Integer labels sort numerically (10 after 9) and "09" is the class "9".
        Assert.Equal(["7", "9", "10"], data.ClassNames);
        Assert.Equal([0, 1, 2, 1], data.Labels!);
        Assert.Equal([1f, 2, 3, 4, 5, 6, 7, 8], data.Features);
    }

    [Fact]
    public void Read_Gzipped_SameAsPlain()
    {
        var text = "1,2,3,4,a\n5,6,7,8,b\n"u8.ToArray();
        var plain = CsvDatasetReader.Read(temp.Write("t.csv", text));
        var gz = CsvDatasetReader.Read(temp.Write("t.csv.gz", TempFolder.Gzip(text)));
        Assert.Equal(plain.Features, gz.Features);
        Assert.Equal(plain.Labels, gz.Labels);
        Assert.Equal((2, 2), (gz.Width, gz.Height)); // 4 features = 2×2 images
    }

    [Fact]
    public void Read_ExplicitNoHeader_AllTextFirstLineIsData()
    {
        var path = temp.WriteText("t.csv", "x,y\n1,a\n");
        var e = Assert.Throws<DataFormatException>(() => CsvDatasetReader.Read(path, new CsvOptions { HasHeader = false }));
        Assert.Equal($"{path}: line 1, column 1: 'x' is not a number", e.Message);
    }

    public static TheoryData<string, string> BadTables => new()
    {
        { "1,2,0\n3,abc,1\n", "line 2, column 2: 'abc' is not a number" },
        { "a,b,label\n1,2,0\n3,x1,1\n", "line 3, column 2 ('b'): 'x1' is not a number" },
        { "1,NaN,0\n", "line 1, column 2: 'NaN' is not a finite number" },
        { "1,2,0\n-Infinity,2,0\n", "line 2, column 1: '-Infinity' is not a finite number" },
        { "1,1e39,0\n", "line 1, column 2: '1e39' is outside the float32 range" },
        { "1,2,0\n3,4\n", "line 2: 2 cells, expected 3 as on line 1" },
        { "1,2,0\n\n3,4,5,6\n", "line 3: 4 cells, expected 3 as on line 1" },
        { "1,,0\n", "line 1, column 2: empty cell, expected a number" },
        { "1,2,\n", "line 1, column 3: empty label" },
        { "1,\"2,0\n", "line 1, column 2: unterminated quoted cell starting at character 3" },
        { "1,\"2\"x,0\n", "line 1, column 2: text after the closing quote" },
        { "a,b,c\n", "holds a header but no data rows" },
        { "\n\n", "holds no rows (only blank lines)" },
        { "", "empty file (0 bytes)" },
        { "5\n6\n", "line 1: 1 column; a table needs at least one feature column besides the label" },
    };

    [Theory]
    [MemberData(nameof(BadTables))]
    public void Read_BadTable_RefusedNamingFileLineAndColumn(string text, string problem)
    {
        var path = temp.WriteText("bad.csv", text);
        var e = Assert.Throws<DataFormatException>(() => CsvDatasetReader.Read(path));
        Assert.Equal($"{path}: {problem}", e.Message);
    }

    [Theory]
    [InlineData("class", "no column named 'class' (columns: a, b, c)")]
    [InlineData("4", "label column 4 does not exist: the table has 3 columns (1..3, or -1..-3 from the end)")]
    [InlineData("0", "label column 0 does not exist: the table has 3 columns (1..3, or -1..-3 from the end)")]
    public void Read_UnknownLabelColumn_Refused(string column, string problem)
    {
        var path = temp.WriteText("t.csv", "a,b,c\n1,2,3\n");
        var e = Assert.Throws<DataFormatException>(() => CsvDatasetReader.Read(path, new CsvOptions { LabelColumn = column }));
        Assert.Equal($"{path}: {problem}", e.Message);
    }

    [Fact]
    public void Read_LabelNameWithoutHeader_Refused()
    {
        var path = temp.WriteText("t.csv", "1,2,3\n");
        var e = Assert.Throws<DataFormatException>(() => CsvDatasetReader.Read(path, new CsvOptions { LabelColumn = "c" }));
        Assert.Equal($"{path}: label column 'c' is a name, but the file has no header line", e.Message);
    }

    [SharedDataFact]
    public void Read_SharedDigits_1797EightByEightImagesOfTenClasses()
    {
        var data = CsvDatasetReader.Read(SharedData.Path("digits", "digits.csv.gz"));
        Assert.Equal((1797, 64, 8, 8), (data.Count, data.FeatureCount, data.Width, data.Height));
        Assert.Equal(Enumerable.Range(0, 10).Select(d => d.ToString()), data.ClassNames);
        Assert.Equal([0, 1, 2, 3, 4], data.Labels![..5]);
        Assert.Equal((0f, 16f), (data.Features.Min(), data.Features.Max()));
    }
}
