using TorchAe.Kernels;
using TorchAe.Losses;
using TorchAe.Models;
using TorchAe.Options;
using static TorchSharp.torch;

namespace TorchAe.Tests.Losses;

/// <summary>The variants' terms against references computed another way: the contraction against the encoder's Jacobian
/// by central differences, the cross-entropy against −Σ[x log z + (1 − x) log(1 − z)] in plain doubles, tied weights
/// against Y W1 + b2, and the denoising objective against the clean target.</summary>
public sealed class VariantLossTests
{
    static (SparseAutoencoder Model, Tensor X) Setup(Activation encoder, bool tied = false, Activation decoder = Activation.Sigmoid)
    {
        var g = new Generator(21);
        var model = new SparseAutoencoder(7, 4, encoder, decoder, g, ScalarType.Float64, tied: tied);
        using (no_grad())
        {
            model.Encoder.bias!.copy_(linspace(-0.4, 0.6, 4, dtype: ScalarType.Float64));
            model.DecoderBias.copy_(linspace(0.3, -0.3, 7, dtype: ScalarType.Float64));
        }
        return (model, rand(new long[] { 5, 7 }, dtype: ScalarType.Float64, generator: g));
    }

    [Theory]
    [InlineData(Activation.Sigmoid)]
    [InlineData(Activation.Tanh)]
    public void ContractionSum_EqualsSquaredJacobianNormByCentralDifferences(Activation encoder)
    {
        var (model, x) = Setup(encoder);
        using var _ = no_grad();
        // Σ_k ‖∂y/∂x (x_k)‖²_F, each column of the Jacobian by central differences (h = 1e-5: error ~1e-10 relative)
        const double h = 1e-5;
        double reference = 0;
        for (int j = 0; j < 7; j++)
        {
            var step = zeros(1, 7, dtype: ScalarType.Float64);
            step[0, j] = h;
            var column = (model.Encode(x + step) - model.Encode(x - step)) / (2 * h);   // (R, H)
            reference += column.square().sum().ToDouble();
        }
        double value = ContractionTerm.Sum(model.Encode(x), model.Encoder.weight, encoder).ToDouble();
        Assert.Equal(reference, value, reference * 1e-8);
    }

    [Theory]
    [InlineData(Objective.Mean, 5)]
    [InlineData(Objective.Sum, 1)]
    [InlineData(Objective.MseSparse, 5)]
    public void Compute_Contraction_AddsLambdaTimesNormOverR(Objective objective, int divisor)
    {
        var (model, x) = Setup(Activation.Sigmoid);
        var plain = new SparseAutoencoderLoss(new() { Objective = objective }).call(x, model);
        var contractive = new SparseAutoencoderLoss(new() { Objective = objective, Contraction = 0.7 }).call(x, model);
        double c = ContractionTerm.Sum(plain.Hidden, model.Encoder.weight, Activation.Sigmoid).ToDouble();
        Assert.Null(plain[ContractionTerm.Column]);
        Assert.Equal(0.7 * c / divisor, contractive[ContractionTerm.Column]!.ToDouble(), 1e-15);
        Assert.Equal(plain.Total.ToDouble() + contractive[ContractionTerm.Column]!.ToDouble(), contractive.Total.ToDouble(), 1e-14);
    }

    [Theory]
    [InlineData(Objective.Mean, 5)]
    [InlineData(Objective.Sum, 1)]
    [InlineData(Objective.MseSparse, 5)]
    public void Compute_CrossEntropy_EqualsTheBinaryCrossEntropyOverR(Objective objective, int divisor)
    {
        var (model, x) = Setup(Activation.Tanh);
        var options = new SparseAutoencoderLossOptions { Objective = objective, Reconstruction = ReconstructionLoss.CrossEntropy };
        var terms = new SparseAutoencoderLoss(options).call(x, model);
        double[] z = model.forward(x).Reconstruction.data<double>().ToArray(), xs = x.data<double>().ToArray();
        double reference = -xs.Zip(z, (xi, zi) => xi * Math.Log(zi) + (1 - xi) * Math.Log(1 - zi)).Sum() / divisor;
        Assert.Equal(reference, terms.Reconstruction.ToDouble(), Math.Abs(reference) * 1e-13);
        var (hand, _) = TorchAe.Gradients.HandAutoencoder.Compute(model, x, options);
        Assert.Equal(reference, hand.Reconstruction.ToDouble(), Math.Abs(reference) * 1e-13);
    }

    [Theory]
    [InlineData(Activation.Tanh)]
    [InlineData(Activation.Linear)]
    public void Compute_CrossEntropyWithoutSigmoidDecoder_IsRefused(Activation decoder)
    {
        var (model, x) = Setup(Activation.Sigmoid, decoder: decoder);
        var loss = new SparseAutoencoderLoss(new() { Reconstruction = ReconstructionLoss.CrossEntropy });
        var e = Assert.Throws<OptionException>(() => loss.call(x, model));
        Assert.Equal($"reconstruction must be squared with a {decoder.Name()} decoder (cross-entropy needs sigmoid outputs in (0, 1)), got 'cross-entropy'", e.Message);
    }

    [Fact]
    public void TiedAutoencoder_DecodesWithTheEncoderWeightTransposed_AndDecaysItOnce()
    {
        var (tied, x) = Setup(Activation.Sigmoid, tied: true);
        var untied = new SparseAutoencoder(7, 4, Activation.Sigmoid, Activation.Sigmoid, new Generator(21), ScalarType.Float64);
        Assert.Equal(["encoder.weight", "encoder.bias", "decoder.bias"], tied.named_parameters().Select(p => p.name));
        Assert.True(tied.Encoder.weight.Equals(untied.Encoder.weight), "W1 is drawn as in the untied autoencoder");

        var y = tied.Encode(x);
        var expected = (y.mm(tied.Encoder.weight) + tied.DecoderBias).sigmoid();            // Z = σ(Y W1 + b2)
        Assert.True(tied.Decode(y).allclose(expected, rtol: 1e-15, atol: 0));
        var decay = new SparseAutoencoderLoss(new() { WeightDecay = 0.3 }).call(x, tied).WeightDecay.ToDouble();
        Assert.Equal(0.15 * tied.Encoder.weight.square().sum().ToDouble(), decay, 1e-15);
    }

    [Fact]
    public void Compute_CorruptedInput_ComparesTheReconstructionWithTheCleanBatch()
    {
        var (model, x) = Setup(Activation.Sigmoid);
        var corrupted = x.masked_fill(x.lt(0.3), 0);
        var terms = new SparseAutoencoderLoss(new()).Compute(corrupted, x, model);
        var z = model.forward(corrupted).Reconstruction;
        Assert.Equal((z - x).square().sum().ToDouble() / 10, terms.Reconstruction.ToDouble(), 1e-15);   // ½ · 1/R, R = 5
        Assert.True(terms.Hidden.Equals(model.Encode(corrupted)), "the encoder reads the corrupted batch");
    }
}
