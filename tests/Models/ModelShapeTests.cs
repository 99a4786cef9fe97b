using TorchAe.Kernels;
using TorchAe.Models;
using TorchAe.Options;
using static TorchSharp.torch;

namespace TorchAe.Tests.Models;

public sealed class ModelShapeTests
{
    [Fact]
    public void SparseAutoencoder_Forward_ReturnsCodeAndReconstructionShapes()
    {
        var g = new Generator(1);
        var ae = new SparseAutoencoder(900, 100, Activation.Sigmoid, Activation.Sigmoid, g);
        var (y, z) = ae.call(rand(new long[] { 7, 900 }, generator: g));
        Assert.Equal(new long[] { 7, 100 }, y.shape);
        Assert.Equal(new long[] { 7, 900 }, z.shape);
        Assert.Equal(new[] { "encoder.weight", "encoder.bias", "decoder.weight", "decoder.bias" }, ae.named_parameters().Select(p => p.name));
    }

    [Fact]
    public void SparseAutoencoder_Init_IsUfldlUniformAndSeeded()
    {
        // UFLDL initializeParameters.m: W1 and W2 uniform in ±r, r = sqrt(6 / (N + H + 1)), both biases 0. A uniform
        // distribution on ±r has mean 0 and variance r²/3; over 1000 draws the sample moments sit within ~4 % (sd) of
        // those, and its extremes within 0.5 % of ±r.
        var a = new SparseAutoencoder(100, 10, Activation.Sigmoid, Activation.Sigmoid, new Generator(5), ScalarType.Float64);
        var b = new SparseAutoencoder(100, 10, Activation.Sigmoid, Activation.Sigmoid, new Generator(5), ScalarType.Float64);
        var c = new SparseAutoencoder(100, 10, Activation.Sigmoid, Activation.Sigmoid, new Generator(6), ScalarType.Float64);
        double r = Math.Sqrt(6.0 / (100 + 10 + 1));
        foreach (var w in new[] { a.Encoder.weight, a.DecoderWeight })
        {
            Assert.Equal(1000, w.numel());
            Assert.True(w.max().ToDouble() < r && w.max().ToDouble() > 0.99 * r, $"max {w.max().ToDouble()} for r = {r}");
            Assert.True(w.min().ToDouble() >= -r && w.min().ToDouble() < -0.99 * r, $"min {w.min().ToDouble()} for r = {r}");
            Assert.InRange(w.mean().ToDouble(), -0.1 * r, 0.1 * r);
            Assert.InRange(w.var().ToDouble() / (r * r / 3), 0.88, 1.12);
        }
        Assert.False(a.Encoder.weight.Equals(a.DecoderWeight.t()), "W2 is drawn on its own, not tied to W1");
        Assert.Equal(0.0, a.Encoder.bias!.abs().sum().ToDouble());
        Assert.Equal(0.0, a.DecoderBias.abs().sum().ToDouble());
        Assert.True(a.Encoder.weight.Equals(b.Encoder.weight) && a.DecoderWeight.Equals(b.DecoderWeight));
        Assert.False(a.Encoder.weight.Equals(c.Encoder.weight));
    }

    [Fact]
    public void SparseAutoencoder_GlorotSigmoidInit_IsTheTutorialsRangeFromTheSameDraws()
    {
        // Theano's SdA tutorial (dA.py): W uniform in ±4·sqrt(6 / (n_visible + n_hidden)), biases 0. Same generator
        // state, same draws: the weights are UFLDL's times the ratio of the two radii (a tied 100 → 10 layer).
        var ufldl = new SparseAutoencoder(100, 10, Activation.Sigmoid, Activation.Sigmoid, new Generator(5), ScalarType.Float64, tied: true);
        var glorot = new SparseAutoencoder(100, 10, Activation.Sigmoid, Activation.Sigmoid, new Generator(5), ScalarType.Float64, tied: true, weightInit: WeightInit.GlorotSigmoid);
        double r = 4 * Math.Sqrt(6.0 / (100 + 10)), rUfldl = Math.Sqrt(6.0 / (100 + 10 + 1));
        var w = glorot.Encoder.weight;
        Assert.True(w.max().ToDouble() < r && w.max().ToDouble() > 0.99 * r, $"max {w.max().ToDouble()} for r = {r}");
        Assert.True(w.min().ToDouble() >= -r && w.min().ToDouble() < -0.99 * r, $"min {w.min().ToDouble()} for r = {r}");
        Assert.True(w.allclose(ufldl.Encoder.weight * (r / rUfldl), rtol: 1e-12, atol: 0), "the same uniform draws, scaled");
        Assert.Equal(0.0, glorot.Encoder.bias!.abs().sum().ToDouble());
        Assert.Equal(0.0, glorot.DecoderBias.abs().sum().ToDouble());
    }

    [Fact]
    public void SoftmaxClassifier_Init_IsUfldlSmallGaussian()
    {
        // UFLDL softmaxTrain.m: θ = 0.005 · randn, biases 0 (sd 0.005 within ~5 % over 1000 draws).
        var head = new SoftmaxClassifier(100, 10, new Generator(7), ScalarType.Float64);
        Assert.InRange(head.Weight.std().ToDouble() / 0.005, 0.9, 1.1);
        Assert.InRange(head.Weight.mean().ToDouble(), -0.0005, 0.0005);
        Assert.Equal(0.0, head.Bias.abs().sum().ToDouble());
    }

    [Fact]
    public void SparseAutoencoder_LinearEncoder_IsRefused()
    {
        var e = Assert.Throws<OptionException>(() => new SparseAutoencoder(4, 2, Activation.Linear, Activation.Sigmoid, new Generator(1)));
        Assert.Equal("encoder activation must be one of sigmoid, tanh, got 'linear'", e.Message);
    }

    [Fact]
    public void StackedAutoencoder_Forward_ReturnsLogitsAndPyTorchNames()
    {
        var g = new Generator(2);
        var first = new SparseAutoencoder(900, 100, Activation.Sigmoid, Activation.Sigmoid, g);
        var second = new SparseAutoencoder(100, 50, Activation.Sigmoid, Activation.Sigmoid, g);
        var stack = new StackedAutoencoder(new[] { (first.Encoder, Activation.Sigmoid), (second.Encoder, Activation.Sigmoid) }, new SoftmaxClassifier(50, 4, g));
        Assert.Equal(new long[] { 3, 4 }, stack.call(rand(new long[] { 3, 900 }, generator: g)).shape);
        Assert.Equal(new long[] { 3, 50 }, stack.Encode(rand(new long[] { 3, 900 }, generator: g)).shape);
        Assert.Equal(new[] { "encoders.0.weight", "encoders.0.bias", "encoders.1.weight", "encoders.1.bias", "classifier.weight", "classifier.bias" },
            stack.named_parameters().Select(p => p.name));
        Assert.True(stack.Encoders[0].weight.Equals(first.Encoder.weight), "the stack starts from the pretrained weights");
    }

    [Fact]
    public void StackedAutoencoder_MismatchedHead_IsRefused()
    {
        var g = new Generator(2);
        var first = new SparseAutoencoder(9, 5, Activation.Sigmoid, Activation.Sigmoid, g);
        var e = Assert.Throws<OptionException>(() => new StackedAutoencoder(new[] { (first.Encoder, Activation.Sigmoid) }, new SoftmaxClassifier(4, 3, g)));
        Assert.Equal("classifier input size must be 5 (the last code size), got 4", e.Message);
    }

    [Fact]
    public void SoftmaxClassifier_OneClass_IsRefused()
    {
        var e = Assert.Throws<OptionException>(() => new SoftmaxClassifier(4, 1, new Generator(1)));
        Assert.Equal("classes must be an integer >= 2, got 1", e.Message);
    }
}
