using TorchAe.Kernels;
using TorchAe.Losses;
using TorchAe.Models;
using static TorchSharp.torch;

namespace TorchAe.Tests.Losses;

/// <summary>The fused reconstruction node against the graph of library ops it replaces (the reference autograd path).</summary>
public sealed class FusedReconstructionErrorTests
{
    public static TheoryData<Objective, Activation, ScalarType> Cases()
    {
        var data = new TheoryData<Objective, Activation, ScalarType>();
        foreach (var o in Enum.GetValues<Objective>())
        foreach (var d in new[] { Activation.Sigmoid, Activation.Tanh, Activation.Linear })
        foreach (var t in new[] { ScalarType.Float64, ScalarType.Float32 })
            data.Add(o, d, t);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Fused_MatchesComposedGraph_TermsAndGradients(Objective objective, Activation decoder, ScalarType dtype)
    {
        var options = new SparseAutoencoderLossOptions { Objective = objective, SparsityWeight = 3, WeightDecay = 1e-3, TargetActivation = 0.1 };
        var (fusedTerms, fused) = Gradients(new SparseAutoencoderLoss(options, fused: true), decoder, dtype, contiguous: true);
        var (composedTerms, composed) = Gradients(new SparseAutoencoderLoss(options, fused: false), decoder, dtype, contiguous: true);
        double tolerance = dtype == ScalarType.Float64 ? 1e-12 : 2e-5;
        Assert.Equal(composedTerms[0], fusedTerms[0], composedTerms[0] * tolerance);   // total
        Assert.Equal(composedTerms[1], fusedTerms[1], composedTerms[1] * tolerance);   // reconstruction
        foreach (var (name, reference) in composed)
        {
            double error = (fused[name] - reference).abs().max().item<double>() / reference.abs().max().item<double>();
            Assert.True(error < tolerance, $"{name}: relative difference {error:E2} (tolerance {tolerance:E0})");
        }
    }

    [Fact]
    public void Fused_IsUsedOnlyWhereSupported_NonContiguousInputGivesTheSameResult()
    {
        var options = new SparseAutoencoderLossOptions();
        var (_, viaView) = Gradients(new SparseAutoencoderLoss(options), Activation.Sigmoid, ScalarType.Float64, contiguous: false);
        var (_, reference) = Gradients(new SparseAutoencoderLoss(options, fused: false), Activation.Sigmoid, ScalarType.Float64, contiguous: true);
        foreach (var (name, g) in reference)
            Assert.True(viaView[name].allclose(g, rtol: 1e-12, atol: 0), name);
    }

    [Fact]
    public void Backward_ScalesWithTheIncomingGradient()
    {
        // d(2.5 J)/dθ = 2.5 dJ/dθ: the node must multiply δ3 by the gradient it receives when that is not 1.
        var g = new Generator(3);
        var model = new SparseAutoencoder(12, 4, Activation.Sigmoid, Activation.Sigmoid, g, ScalarType.Float64);
        var x = rand(new long[] { 6, 12 }, dtype: ScalarType.Float64, generator: g);
        var loss = new SparseAutoencoderLoss(new() { SparsityWeight = 0, WeightDecay = 0 });
        loss.call(x, model).Reconstruction.backward();
        var once = model.get_parameter("decoder.weight")!.grad!.clone();
        model.zero_grad();
        (loss.call(x, model).Reconstruction * 2.5).backward();
        Assert.True(model.get_parameter("decoder.weight")!.grad!.allclose(once * 2.5, rtol: 1e-14, atol: 0));
        Assert.True(once.abs().max().item<double>() > 1e-6);
    }

    [Fact]
    public void NoGrad_ComputesTheLossWithoutAGraph()
    {
        var g = new Generator(5);
        var model = new SparseAutoencoder(12, 4, Activation.Sigmoid, Activation.Sigmoid, g);
        var x = rand(new long[] { 6, 12 }, generator: g);
        using var _ = no_grad();
        var fused = new SparseAutoencoderLoss(new()).call(x, model);
        var composed = new SparseAutoencoderLoss(new(), fused: false).call(x, model);
        Assert.False(fused.Total.requires_grad);
        Assert.Equal(composed.Reconstruction.item<float>(), fused.Reconstruction.item<float>(), 1e-5f);
    }

    static (double[] Terms, Dictionary<string, Tensor> Gradients) Gradients(SparseAutoencoderLoss loss, Activation decoder, ScalarType dtype, bool contiguous)
    {
        var g = new Generator(11);
        var model = new SparseAutoencoder(30, 7, Activation.Sigmoid, decoder, g, dtype);
        var x = rand(new long[] { 20, 30 }, dtype: dtype, generator: g);
        if (!contiguous) x = x.t().contiguous().t();   // the same values through a transposed view: not contiguous
        Assert.Equal(contiguous, x.is_contiguous());
        var terms = loss.call(x, model);
        terms.Total.backward();
        var gradients = model.named_parameters().ToDictionary(p => p.name, p => p.parameter.grad!.to(ScalarType.Float64).clone());
        return ([terms.Total.to(ScalarType.Float64).item<double>(), terms.Reconstruction.to(ScalarType.Float64).item<double>()], gradients);
    }
}
