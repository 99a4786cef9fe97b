using TorchAe.Reporting.Csv;
using TorchAe.Tests.Support;
using TorchAe.Training;

namespace TorchAe.Tests.Reporting.Csv;

public sealed class UnitsCsvTests : IDisposable
{
    private readonly TempFolder dir = new();

    public void Dispose() => dir.Dispose();

    [Fact]
    public void Read_Written_RoundTripsWithExactColumns()
    {
        var units = Samples.Units(50, 0.05, seed: 3);
        var path = dir.File(UnitsCsv.FileName(1));
        UnitsCsv.Write(path, units);

        Assert.Equal("units-layer1.csv", Path.GetFileName(path));
        Assert.Equal("unit,rho_hat,weight_norm", File.ReadLines(path).First());
        Assert.StartsWith("1,", File.ReadLines(path).ElementAt(1));
        Assert.Equal(units, UnitsCsv.Read(path));
    }

    [Fact]
    public void Write_ZeroBasedUnits_IsRefused()
    {
        var units = new[] { new UnitStatistics(0, 0.1, 1), new UnitStatistics(1, 0.2, 1) };
        var e = Assert.Throws<ArgumentException>(() => UnitsCsv.Write(dir.File("u.csv"), units));
        Assert.StartsWith("units must be numbered 1..2 in order (1-based); position 0 holds unit 0", e.Message);
        Assert.False(File.Exists(dir.File("u.csv")));
    }

    [Fact]
    public void Read_OtherColumns_Throws()
    {
        var path = dir.File("u.csv");
        File.WriteAllText(path, "unit,rho,norm\n1,0.1,2\n");
        Assert.Throws<InvalidDataException>(() => UnitsCsv.Read(path));
    }
}
