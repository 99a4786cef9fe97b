using TorchAe.Tests.Support;

namespace TorchAe.Tests.Reliability;

/// <summary>Sizes that are each allowed but whose products are absurd — a weight matrix (hidden × the layer's inputs) or
/// an encoded training set (samples × hidden) beyond 5·10⁸ values — are refused with one line naming the fields, before
/// a model is made (they would ask libtorch for tens of GB and abort the process).</summary>
public sealed class SizeLimitTests
{
    static string Refused(string output, params string[] args)
    {
        var (code, stdout, stderr) = Torchae.Run(args);
        Assert.True(code == 2, $"exit {code}; stdout {stdout}; stderr {stderr}");
        Assert.Equal(1, stderr.Count(c => c == '\n'));
        Assert.False(Directory.Exists(output), $"{output} was left behind");
        return stderr.TrimEnd('\n');
    }

    [Fact]
    public void Shapes_HiddenTimesHidden_RefusedNamingBothLayers()
    {
        using var dir = new TempFolder();
        Assert.Equal("torchae shapes: pipeline.layers[1].hidden must be an integer <= 5000 on the 100000 units of pipeline.layers[0] (a weight matrix holds at most 500000000 values), got 100000",
            Refused(dir["out"], "shapes", "--train-count", "8", "--test-count", "4", "--size", "12", "--hidden", "100000,100000", "--out", dir["out"]));
    }

    [Fact]
    public void Shapes_SamplesTimesHidden_RefusedNamingTheCount()
    {
        using var dir = new TempFolder();
        Assert.Equal("torchae shapes: pipeline.layers[0].hidden must be an integer <= 50000 for 10000 training samples (data.train_count; an encoded training set holds at most 500000000 values), got 1000000",
            Refused(dir["out"], "shapes", "--train-count", "10000", "--test-count", "4", "--size", "12", "--hidden", "1000000", "--out", dir["out"]));
    }

    [Fact]
    public void CsvConfig_FeaturesTimesHidden_RefusedNamingTheFeatures()
    {
        using var dir = new TempFolder();
        var header = string.Join(",", Enumerable.Range(0, 600).Select(i => $"f{i}")) + ",label";
        var rows = Enumerable.Range(0, 6).Select(r => string.Join(",", Enumerable.Range(0, 600).Select(i => ((i + r) % 7 / 7.0).ToString(System.Globalization.CultureInfo.InvariantCulture))) + $",{r % 2}");
        File.WriteAllText(dir["wide.csv"], header + "\n" + string.Join("\n", rows) + "\n");
        File.WriteAllText(dir["wide.json"], "{\"data\": {\"source\": \"csv\", \"paths\": [\"" + dir["wide.csv"] + "\"]}, \"pipeline\": {\"layers\": [{\"hidden\": 1000000}]}}");
        Assert.Equal("torchae train: pipeline.layers[0].hidden must be an integer <= 833333 on the data's 600 features (a weight matrix holds at most 500000000 values), got 1000000",
            Refused(dir["out"], "train", "--config", dir["wide.json"], "--out", dir["out"]));
    }

    [Fact]
    public void ShapesConfig_SamplesTimesHidden_RefusedAtConfigTime()
    {
        using var dir = new TempFolder();
        File.WriteAllText(dir["big.json"], "{\"data\": {\"source\": \"shapes\", \"train_count\": 10000, \"shapes\": {\"size\": 12}}, \"pipeline\": {\"layers\": [{\"hidden\": 1000000}]}}");
        Assert.Equal($"torchae train: {dir["big.json"]}: $.pipeline.layers[0].hidden: 1000000 units for 10000 training samples ($.data.train_count) make a 10000×1000000 encoded training set; at most 500000000 values are allowed",
            Refused(dir["out"], "train", "--config", dir["big.json"], "--out", dir["out"]));
    }
}
