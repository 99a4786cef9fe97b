using System.Text.Json.Nodes;
using TorchAe.Options;
using TorchAe.Training.Experiment;

namespace TorchAe.Tests.Training.Experiment;

public sealed class ExperimentJsonTests
{
    static string Valid() => ExperimentJson.Serialize(new ExperimentConfig { Name = "t" });

    [Fact]
    public void Serialize_ThenParse_RoundTrips()
    {
        var config = new ExperimentConfig { Name = "t", Seed = 7, CompareRho = [0.05, 0.25] };
        var back = ExperimentJson.Parse(ExperimentJson.Serialize(config), "x.json");
        Assert.Equal(ExperimentJson.Serialize(config), ExperimentJson.Serialize(back));
        Assert.Contains("\"rho\": 0.05", ExperimentJson.Serialize(config));
        Assert.Contains("\"optimizer\": \"lbfgs\"", ExperimentJson.Serialize(config));
    }

    [Theory]
    [InlineData("\"rho\": 0.05", "\"rho\": 1.5", "x.json: $.pipeline.layers[0].loss.rho: rho must be in (0, 1), got 1.5")]
    [InlineData("\"name\": \"t\",", "\"name\": \"t\", \"colour\": 1,", "x.json: $.colour: unknown field 'colour'")]
    [InlineData("\"seed\": 1,", "\"seed\": \"one\",", "x.json: $.seed: wrong type or value, expected an integer")]
    [InlineData("\"objective\": \"mean\"", "\"objective\": \"l1\"", "x.json: $.pipeline.layers[0].loss.objective: wrong type or value, expected one of mean, sum, msesparse")]
    [InlineData("\"dtype\": \"float32\"", "\"dtype\": \"float16\"", "x.json: $.dtype: wrong type or value, expected one of float32, float64")]
    [InlineData("\"epochs\": 400", "\"epochs\": 0", "x.json: $.pipeline.pretrain.epochs: epochs must be an integer > 0, got 0")]
    public void Parse_BadField_NamesPathAndAllowedValues(string good, string bad, string message)
    {
        var text = Valid();
        Assert.Contains(good, text);
        var e = Assert.Throws<ConfigException>(() => ExperimentJson.Parse(ReplaceFirst(text, good, bad), "x.json"));
        Assert.Equal(message, e.Message);
    }

    /// <summary>A config names only what differs: every field it omits takes the record's one default.</summary>
    [Fact]
    public void Parse_OmittedFields_TakeTheRecordDefaults()
    {
        var config = ExperimentJson.Parse("""{ "pipeline": { "layers": [ { "loss": { "beta": 4 } } ] } }""", "x.json");
        Assert.Equal(ExperimentJson.Serialize(new ExperimentConfig
        {
            Pipeline = new() { Layers = [new() { Loss = new() { SparsityWeight = 4 } }] },
        }), ExperimentJson.Serialize(config));
        Assert.Equal(("custom", 1UL, 100, 4.0, 0.05), (config.Name, config.Seed, config.Pipeline.Layers[0].Hidden,
            config.Pipeline.Layers[0].Loss.SparsityWeight, config.Pipeline.Layers[0].Loss.TargetActivation));
    }

    [Fact]
    public void Parse_ContractionAndCrossEntropy_ReadPerLayer()
    {
        var config = ExperimentJson.Parse("""{ "pipeline": { "layers": [ { "loss": { "contraction": 0.1, "reconstruction": "cross-entropy" } }, {} ] } }""", "x.json");
        Assert.Equal((0.1, TorchAe.Losses.ReconstructionLoss.CrossEntropy), (config.Pipeline.Layers[0].Loss.Contraction, config.Pipeline.Layers[0].Loss.Reconstruction));
        Assert.Equal((0.0, TorchAe.Losses.ReconstructionLoss.Squared), (config.Pipeline.Layers[1].Loss.Contraction, config.Pipeline.Layers[1].Loss.Reconstruction));
        Assert.Contains("\"reconstruction\": \"cross-entropy\"", ExperimentJson.Serialize(config));
    }

    [Fact]
    public void Parse_WeightInit_ReadPerLayerUfldlWhenAbsentAndUnknownNamesRefused()
    {
        var config = ExperimentJson.Parse("""{ "pipeline": { "layers": [ { "weight_init": "glorot-sigmoid" }, {} ] } }""", "x.json");
        Assert.Equal((TorchAe.Models.WeightInit.GlorotSigmoid, TorchAe.Models.WeightInit.Ufldl), (config.Pipeline.Layers[0].WeightInit, config.Pipeline.Layers[1].WeightInit));
        Assert.Contains("\"weight_init\": \"glorot-sigmoid\"", ExperimentJson.Serialize(config));
        var e = Assert.Throws<ConfigException>(() => ExperimentJson.Parse("""{ "pipeline": { "layers": [ { "weight_init": "xavier" } ] } }""", "x.json"));
        Assert.Equal("x.json: $.pipeline.layers[0].weight_init: wrong type or value, expected one of ufldl, glorot-sigmoid", e.Message);
    }

    [Theory]
    [InlineData("linear")]
    [InlineData("tanh")]
    public void Parse_CrossEntropyWithoutSigmoidDecoder_IsRefused(string decoder)
    {
        var text = $$"""{ "pipeline": { "layers": [ {}, { "decoder": "{{decoder}}", "loss": { "reconstruction": "cross-entropy" } } ] } }""";
        var e = Assert.Throws<ConfigException>(() => ExperimentJson.Parse(text, "x.json"));
        Assert.Equal($"x.json: $.pipeline.layers[1].loss.reconstruction: cross-entropy needs a sigmoid decoder (outputs in (0, 1)), got decoder '{decoder}'", e.Message);
    }

    /// <summary>Fields that occur once per layer or stage: the message names the one that holds the refused value.</summary>
    [Theory]
    [InlineData("pipeline.layers[1].loss", "rho", "1.5", "x.json: $.pipeline.layers[1].loss.rho: rho must be in (0, 1), got 1.5")]
    [InlineData("pipeline.fine_tuning", "epochs", "0", "x.json: $.pipeline.fine_tuning.epochs: epochs must be an integer > 0, got 0")]
    [InlineData("pipeline.classifier", "learning_rate", "-1", "x.json: $.pipeline.classifier.learning_rate: learning_rate must be a finite number > 0, got -1")]
    [InlineData("pipeline.settings", "exploding_gradient_norm", "-1", "x.json: $.pipeline.settings.exploding_gradient_norm: exploding_gradient_norm must be a finite number > 0, got -1")]
    [InlineData("", "name", "null", "x.json: $.name: null is not allowed here")]
    public void Parse_BadValueOfARepeatedField_NamesItsOwnPath(string objectPath, string key, string value, string message)
    {
        var json = JsonNode.Parse(ExperimentJson.Serialize(new ExperimentConfig { Name = "t", Pipeline = new() { Layers = [new() { Hidden = 8 }, new() { Hidden = 4 }] } }))!;
        var target = objectPath.Split('.', StringSplitOptions.RemoveEmptyEntries).Aggregate(json, (node, part) =>
            part.EndsWith(']') ? node[part[..part.IndexOf('[')]]![int.Parse(part[(part.IndexOf('[') + 1)..^1])]! : node[part]!);
        target[key] = JsonNode.Parse(value);
        var e = Assert.Throws<ConfigException>(() => ExperimentJson.Parse(json.ToJsonString(), "x.json"));
        Assert.Equal(message, e.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" \n")]
    public void Parse_EmptyText_SaysEmpty(string text) =>
        Assert.Equal("x.json: empty file, expected an experiment as JSON (--print-config writes one)", Assert.Throws<ConfigException>(() => ExperimentJson.Parse(text, "x.json")).Message);

    static string ReplaceFirst(string text, string what, string with)
    {
        int i = text.IndexOf(what, StringComparison.Ordinal);
        return text[..i] + with + text[(i + what.Length)..];
    }
}
