using TorchAe.Gradients;
using TorchAe.Kernels;
using TorchAe.Losses;
using TorchAe.Models;
using TorchAe.Tests.Support;
using static TorchSharp.torch;

namespace TorchAe.Tests.Gradients;

[Collection(SerialCollection.Name)]
public sealed class GradientAgreementTests
{
    public static TheoryData<Objective, Activation, Activation, double, double> Cases()
    {
        var data = new TheoryData<Objective, Activation, Activation, double, double>();
        foreach (var o in Enum.GetValues<Objective>())
        foreach (var e in new[] { Activation.Sigmoid, Activation.Tanh })
        foreach (var d in new[] { Activation.Sigmoid, Activation.Linear, Activation.Tanh })
            data.Add(o, e, d, 3, 1e-3);
        data.Add(Objective.Mean, Activation.Sigmoid, Activation.Sigmoid, 0, 0);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Autoencoder_AutogradHandNumeric_Agree(Objective objective, Activation encoder, Activation decoder, double beta, double alpha)
    {
        var options = new SparseAutoencoderLossOptions { Objective = objective, SparsityWeight = beta, WeightDecay = alpha, TargetActivation = 0.1 };
        var r = GradientCheckSuite.Autoencoder(options, encoder, decoder, seed: 7);
        Assert.True(r.RelHandVsAutograd < 1e-12, $"hand vs autograd {r.RelHandVsAutograd}");
        Assert.True(r.RelNumericVsAutograd < 1e-9, $"numeric vs autograd {r.RelNumericVsAutograd}");
        Assert.Equal(181, r.Parameters);
    }

    [Fact]
    public void Softmax_AutogradHandNumeric_Agree()
    {
        var r = GradientCheckSuite.Softmax(1e-4, seed: 7);
        Assert.True(r.Passed, r.ToString());
    }

    [Theory]
    [InlineData(2, Activation.Sigmoid, 0.0)]
    [InlineData(2, Activation.Tanh, 0.0)]
    [InlineData(3, Activation.Tanh, 0.0)]
    [InlineData(3, Activation.Sigmoid, 1e-3)]
    [InlineData(3, Activation.Tanh, 1e-3)]
    public void Stack_AutogradHandNumeric_Agree(int layers, Activation encoder, double encoderLambda)
    {
        var r = GradientCheckSuite.Stack(GradientCheckSuite.StackSizes(layers), encoder, 1e-4, encoderLambda, seed: 7);
        Assert.True(r.Passed, r.ToString());
        Assert.Equal(r.Parameters, r.Checked);
    }

    [Theory]
    [InlineData(Objective.Mean, Activation.Sigmoid)]
    [InlineData(Objective.Sum, Activation.Tanh)]
    [InlineData(Objective.MseSparse, Activation.Sigmoid)]
    public void Autoencoder_RhoHatBeyondClamp_HandEqualsAutograd(Objective objective, Activation encoder)
    {
        var (model, x) = GradientCheckSuite.AutoencoderAndBatch(encoder, Activation.Sigmoid, seed: 7, clamped: true);
        var rhoHat = encoder.Activity(model.Encode(x)).mean(new long[] { 0 });
        const double eps = SparseAutoencoderLossOptions.RhoHatEpsilon;
        Assert.True(rhoHat[0].ToDouble() < eps && rhoHat[1].ToDouble() > 1 - eps, $"ρ̂ = {rhoHat.str()}: units 0 and 1 must lie beyond the clamp");
        // Beyond the clamp KL is flat: the sparsity term's gradient is exactly 0 for those units
        Assert.Equal(0.0, KlDivergence.Derivative(rhoHat, 0.1).narrow(0, 0, 2).abs().sum().ToDouble());

        var options = new SparseAutoencoderLossOptions { Objective = objective, SparsityWeight = 3, WeightDecay = 1e-3, TargetActivation = 0.1 };
        var r = GradientCheckSuite.Autoencoder(options, encoder, Activation.Sigmoid, seed: 7, clamped: true);
        Assert.True(r.Passed, r.ToString());
    }

    [Fact]
    public void LossAndBackward_InsideScope_LeaveNoLiveTensors()
    {
        var g = new Generator(9);
        var model = new SparseAutoencoder(20, 6, Activation.Sigmoid, Activation.Sigmoid, g);
        var x = rand(new long[] { 8, 20 }, generator: g);
        var loss = new SparseAutoencoderLoss(new());
        Step(); // first step creates the .grad tensors, which live on with the parameters
        var stats = TorchSharp.DisposeScopeManager.Statistics;
        stats.Reset();
        for (int i = 0; i < 5; i++) Step();
        Assert.True(stats.CreatedInScopeCount > 0);
        Assert.Equal(stats.CreatedInScopeCount, stats.DisposedInScopeCount);
        Assert.Equal(0, stats.CreatedOutsideScopeCount);

        void Step()
        {
            using var scope = NewDisposeScope();
            model.zero_grad();
            loss.call(x, model).Total.backward();
            HandAutoencoder.Compute(model, x, loss.Options);
        }
    }
}
