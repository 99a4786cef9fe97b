using TorchAe.Gradients;
using TorchAe.Kernels;
using TorchAe.Losses;
using TorchAe.Models;
using static TorchSharp.torch;

namespace TorchAe.Tests.Gradients;

/// <summary>The fused output pass (contiguous CPU input) and its tensor-op fallback (any other input) must agree.</summary>
public sealed class HandAutoencoderPathTests
{
    [Theory]
    [InlineData(Activation.Sigmoid, ScalarType.Float64, 1e-14)]
    [InlineData(Activation.Tanh, ScalarType.Float64, 1e-14)]
    [InlineData(Activation.Linear, ScalarType.Float64, 1e-14)]
    [InlineData(Activation.Sigmoid, ScalarType.Float32, 1e-6)]
    public void Compute_NonContiguousInput_SameLossAndGradientsAsContiguous(Activation decoder, ScalarType dtype, double tolerance)
    {
        using var scope = NewDisposeScope();
        var g = new Generator(3);
        var model = new SparseAutoencoder(16, 5, Activation.Sigmoid, decoder, g, dtype);
        var transposed = rand(new long[] { 16, 37 }, dtype: dtype, generator: g).t();   // (37, 16), not contiguous
        Assert.False(transposed.is_contiguous());
        var options = new SparseAutoencoderLossOptions { WeightDecay = 1e-3 };

        var fallback = HandAutoencoder.Compute(model, transposed, options);
        var fused = HandAutoencoder.Compute(model, transposed.contiguous(), options);

        Assert.Equal(fused.Terms.Reconstruction.ToDouble(), fallback.Terms.Reconstruction.ToDouble(), tolerance * Math.Abs(fused.Terms.Reconstruction.ToDouble()));
        foreach (var (name, gradient) in fused.Gradients.Gradients)
        {
            double error = (gradient - fallback.Gradients.Gradients[name]).abs().max().ToDouble() / gradient.abs().max().ToDouble();
            Assert.True(error < tolerance, $"{name}: relative error {error:E2}");
        }
    }
}
