using TorchAe.Reporting.Csv;
using TorchAe.Tests.Support;

namespace TorchAe.Tests.Reporting.Csv;

public sealed class ConfusionCsvTests : IDisposable
{
    private readonly TempFolder dir = new();

    public void Dispose() => dir.Dispose();

    [Fact]
    public void Read_Written_RoundTripsMatrixAndNames()
    {
        int[,] counts = { { 50, 2, 0 }, { 3, 40, 7 }, { 0, 5, 45 } };
        string[] names = ["circle", "square, filled", "tri\"angle"];
        var path = dir.File(ConfusionCsv.FileName);
        ConfusionCsv.Write(path, counts, names);

        var lines = File.ReadAllLines(path);
        Assert.Equal("actual,circle,\"square, filled\",\"tri\"\"angle\"", lines[0]);
        Assert.Equal("circle,50,2,0", lines[1]);
        Assert.Equal(4, lines.Length);

        var back = ConfusionCsv.Read(path);
        Assert.Equal(names, back.ClassNames);
        Assert.Equal(counts, back.Counts);
    }

    [Fact]
    public void Write_NonSquareMatrix_IsRefused()
    {
        var e = Assert.Throws<ArgumentException>(() => ConfusionCsv.Write(dir.File("c.csv"), new int[2, 3], ["a", "b"]));
        Assert.Contains("got 2 × 3 and 2 names", e.Message);
    }

    [Fact]
    public void Read_RowsInAnotherOrder_Throws()
    {
        var path = dir.File("c.csv");
        File.WriteAllText(path, "actual,a,b\nb,0,1\na,1,0\n");
        Assert.Throws<InvalidDataException>(() => ConfusionCsv.Read(path));
    }
}
