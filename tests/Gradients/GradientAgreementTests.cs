using TorchAe.Kernels;
using TorchAe.Gradients;
using TorchAe.Losses;
using TorchAe.Models;
using static TorchSharp.torch;

namespace TorchAe.Tests.Gradients;

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

    [Fact]
    public void Stack_AutogradHandNumeric_Agree()
    {
        var r = GradientCheckSuite.Stack(1e-4, 1e-3, seed: 7);
        Assert.True(r.Passed, r.ToString());
    }

    [Fact]
    public void HandAutoencoder_WrongSparsitySign_IsDetectedByChecker()
    {
        // The checker must be able to fail: feed it a gradient with the lecture's sign slip on α (−αW instead of +αW).
        var g = new Generator(4);
        var model = new SparseAutoencoder(6, 3, Activation.Sigmoid, Activation.Sigmoid, g, ScalarType.Float64);
        var x = rand(new long[] { 4, 6 }, dtype: ScalarType.Float64, generator: g);
        var options = new SparseAutoencoderLossOptions { WeightDecay = 0.5 };
        var loss = new SparseAutoencoderLoss(options);
        var result = GradientChecker.Run(model.named_parameters().ToList(), () => loss.call(x, model).Total, () =>
        {
            var right = HandAutoencoder.Compute(model, x, options).Gradients.Gradients;
            var wrong = right.ToDictionary(p => p.Key, p => p.Key.EndsWith("weight") ? p.Value - model.get_parameter(p.Key)! * (2 * options.WeightDecay) : p.Value);
            return new ParameterGradients(loss.call(x, model).Total, wrong);
        });
        Assert.False(result.Passed);
        Assert.True(result.RelHandVsAutograd > 1e-3);
        Assert.True(result.RelNumericVsAutograd < 1e-9);
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
