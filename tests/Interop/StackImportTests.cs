using TorchAe.Kernels;
using TorchAe.IO;
using TorchAe.Interop;
using TorchAe.Options;
using TorchAe.Tests.Support;
using static TorchSharp.torch;

namespace TorchAe.Tests.Interop;

public sealed class StackImportTests
{
    static Dictionary<string, Tensor> StateDict() =>
        TestStacks.Build(2).state_dict().ToDictionary(p => p.Key, p => p.Value.detach().clone());

    [Fact]
    public void InferArchitecture_FromShapes_ReadsSizesDtypeAndGivenActivations()
    {
        var a = StackImport.InferArchitecture(StateDict(), [Activation.Sigmoid], "f.pt");
        Assert.Equal("12-6(sigmoid)-4(sigmoid)-3 classes, float64", a.ToString());
        var b = StackImport.InferArchitecture(StateDict(), [Activation.Sigmoid, Activation.Tanh], "f.pt");
        Assert.Equal("12-6(sigmoid)-4(tanh)-3 classes, float64", b.ToString());
    }

    [Fact]
    public void ToStack_CopiesEveryTensor()
    {
        var source = TestStacks.Build(2);
        var stack = StackImport.ToStack(StateDict(), [Activation.Sigmoid, Activation.Tanh], "f.pt");
        Assert.True(TestStacks.Identical(source, stack));
    }

    [Fact]
    public void InferArchitecture_WrongActivationCount_IsRefused()
    {
        var e = Assert.Throws<OptionException>(() => StackImport.InferArchitecture(StateDict(), [Activation.Sigmoid, Activation.Tanh, Activation.Tanh], "f.pt"));
        Assert.Equal("activations must be 1 or 2 values (the file has 2 encoder layers), got 'sigmoid,tanh,tanh'", e.Message);
    }

    public static TheoryData<string, string> BrokenStateDicts() => new()
    {
        { "extra", "f.pt: unexpected entry 'decoder.weight' (a TorchAe model has encoders.<l>.weight, encoders.<l>.bias, classifier.weight, classifier.bias and optionally autoencoders.<l>.encoder/decoder.weight/bias)" },
        { "gap", "f.pt: 'encoders.1.weight' is missing" },
        { "no-bias", "f.pt: 'classifier.bias' is missing" },
        { "chain", "f.pt: 'encoders.1.weight' has shape [4, 5], expected [4, 6] (its input is the previous code of size 6)" },
        { "vector", "f.pt: 'encoders.0.weight' has shape [72], expected a matrix" },
        { "mixed", "f.pt: tensors must all be float32 or all float64, got float64 and float32" },
        { "int", "f.pt: tensors must all be float32 or all float64, got int64" },
        { "empty", "f.pt: no encoders.0.weight: not a TorchAe stack's state_dict" },
        { "one-class", "f.pt: classes must be an integer >= 2, got 1" },
    };

    [Theory]
    [MemberData(nameof(BrokenStateDicts))]
    public void InferArchitecture_BrokenStateDict_NamesFileAndEntry(string breakage, string expected)
    {
        var sd = StateDict();
        switch (breakage)
        {
            case "extra": sd["decoder.weight"] = zeros(3, 3, dtype: ScalarType.Float64); break;
            case "gap": sd["encoders.2.weight"] = sd["encoders.1.weight"]; sd["encoders.2.bias"] = sd["encoders.1.bias"]; sd.Remove("encoders.1.weight"); break;
            case "no-bias": sd.Remove("classifier.bias"); break;
            case "chain": sd["encoders.1.weight"] = zeros(4, 5, dtype: ScalarType.Float64); break;
            case "vector": sd["encoders.0.weight"] = sd["encoders.0.weight"].flatten(); break;
            case "mixed": sd["classifier.bias"] = sd["classifier.bias"].to(ScalarType.Float32); break;
            case "int": sd = sd.ToDictionary(p => p.Key, p => p.Value.to(ScalarType.Int64)); break;
            case "empty": sd = new() { ["classifier.weight"] = zeros(3, 4, dtype: ScalarType.Float64) }; break;
            case "one-class": sd["classifier.weight"] = sd["classifier.weight"].narrow(0, 0, 1); sd["classifier.bias"] = sd["classifier.bias"].narrow(0, 0, 1); break;
        }
        var e = Assert.Throws<DataFormatException>(() => StackImport.InferArchitecture(sd, [Activation.Sigmoid], "f.pt"));
        Assert.Equal(expected, e.Message);
    }
}
