using TorchAe.Data;
using TorchAe.Interop;
using TorchAe.Losses;
using TorchAe.Options;
using TorchAe.Runtime;
using TorchAe.Training.Experiment;

namespace TorchAe.Tests.Options;

/// <summary>One spelling per enum value, shared by config.json and the command line.</summary>
public sealed class EnumTextTests
{
    [Fact]
    public void Names_AreTheNamesConfigJsonWrites()
    {
        Assert.Equal(["shapes", "mnist", "csv", "patches", "folder"], EnumText.Names<DataSource>());
        Assert.Equal(["float32", "float64"], EnumText.Names<Precision>());
        Assert.Equal(["mean", "sum", "msesparse"], EnumText.Names<Objective>());
        Assert.Equal(["pytorch", "safetensors"], EnumText.Names<WeightFormat>());
        var json = ExperimentJson.Serialize(new ExperimentConfig { Dtype = Precision.Float64, Device = DeviceRequest.Auto });
        Assert.Contains("\"dtype\": \"float64\"", json);
        Assert.Contains("\"device\": \"auto\"", json);
        Assert.Contains("\"source\": \"shapes\"", json);
    }

    [Theory]
    [InlineData("MsESparse", Objective.MseSparse)]
    [InlineData(" sum ", Objective.Sum)]
    public void Parse_AnyCaseAndSurroundingSpace_Accepted(string text, Objective expected) =>
        Assert.Equal(expected, EnumText.Parse<Objective>(text, "objective"));

    [Fact]
    public void Name_OfTorchDtypes_IsPyTorchsSpelling()
    {
        // DTypeNames, model.json's dtype and bench.csv's dtype column spell dtypes through EnumText.
        Assert.Equal("float32", EnumText.Name(TorchSharp.torch.ScalarType.Float32));
        Assert.Equal("float64", DTypeNames.Name(TorchSharp.torch.ScalarType.Float64));
    }

    [Fact]
    public void Parse_WithAFilter_RefusesAndLeavesOutTheFilteredNames() =>
        Assert.Equal("objective must be one of mean, sum, got 'msesparse'",
            Assert.Throws<OptionException>(() => EnumText.Parse<Objective>("msesparse", "objective", o => o != Objective.MseSparse)).Message);

    [Fact]
    public void Parse_UnknownName_NamesFieldValueAndChoices() =>
        Assert.Equal("--dtype must be one of float32, float64, got 'float16'",
            Assert.Throws<OptionException>(() => EnumText.Parse<Precision>("float16", "--dtype")).Message);
}
