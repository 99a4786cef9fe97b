using TorchAe.Training.Optimizers;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TorchAe.Tests.Training.Optimizers;

public sealed class FirstOrderOptimizerTests
{
    /// <summary>PyTorch's Adam for one parameter, written with tensor ops: the reference for the fused update.</summary>
    static void ReferenceAdam(Tensor p, Tensor g, Tensor m, Tensor v, long step, double lr)
    {
        const double beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
        m.mul_(beta1).add_(g, alpha: 1 - beta1);
        v.mul_(beta2).addcmul_(g, g, value: 1 - beta2);
        double c1 = 1 - Math.Pow(beta1, step), c2 = 1 - Math.Pow(beta2, step);
        p.addcdiv_(m, v.sqrt() / Math.Sqrt(c2) + eps, value: -lr / c1);
    }

    [Theory]
    [InlineData(ScalarType.Float64, false, 1e-13)]
    [InlineData(ScalarType.Float32, false, 1e-5)]
    [InlineData(ScalarType.Float64, true, 1e-13)]
    public void Adam_TwentySteps_MatchesPyTorchFormula(ScalarType dtype, bool transposedGradient, double tolerance)
    {
        using var scope = NewDisposeScope();
        var g = new Generator(5);
        // 7 × 37 elements: not a multiple of any vector width, so the scalar tail runs too
        var parameter = new Parameter(rand(new long[] { 7, 37 }, dtype: dtype, generator: g));
        var reference = parameter.detach().clone();
        var (m, v) = (zeros_like(reference), zeros_like(reference));
        var optimizer = new FirstOrderOptimizer([parameter], new OptimizerSettings { Kind = OptimizerKind.Adam, LearningRate = 0.01 });
        for (int step = 1; step <= 20; step++)
        {
            var gradient = transposedGradient
                ? randn(new long[] { 37, 7 }, dtype: dtype, generator: g).t()    // a non-contiguous gradient takes the tensor path
                : randn(new long[] { 7, 37 }, dtype: dtype, generator: g);
            parameter.grad = gradient;
            optimizer.Step(() => tensor(0.0, dtype: dtype));
            using (no_grad()) ReferenceAdam(reference, gradient, m, v, step, 0.01);
        }
        double error = (parameter.detach() - reference).abs().max().ToDouble() / reference.abs().max().ToDouble();
        Assert.True(error < tolerance, $"relative error {error:E2}");
    }

    /// <summary>PyTorch's SGD (dampening 0, no Nesterov): b ← g on the first step, b ← μ b + g after; θ ← θ − η b, and
    /// θ ← θ − η g itself when μ = 0 (torch.optim.SGD keeps no buffer then).</summary>
    [Theory]
    [InlineData(0.0, ScalarType.Float32)]
    [InlineData(0.0, ScalarType.Float64)]
    [InlineData(0.9, ScalarType.Float32)]
    public void Sgd_TwentySteps_BitIdenticalToPyTorchFormula(double momentum, ScalarType dtype)
    {
        using var scope = NewDisposeScope();
        var g = new Generator(6);
        var parameter = new Parameter(rand(new long[] { 7, 37 }, dtype: dtype, generator: g));
        var reference = parameter.detach().clone();
        var buffer = zeros_like(reference);
        var optimizer = new FirstOrderOptimizer([parameter], new OptimizerSettings { Kind = OptimizerKind.Sgd, LearningRate = 0.01, Momentum = momentum });
        for (int step = 1; step <= 20; step++)
        {
            var gradient = randn(new long[] { 7, 37 }, dtype: dtype, generator: g);
            parameter.grad = gradient;
            optimizer.Step(() => tensor(0.0, dtype: dtype));
            using (no_grad())
            {
                if (momentum == 0) reference.add_(gradient, alpha: -0.01);
                else
                {
                    if (step == 1) buffer.copy_(gradient);
                    else buffer.mul_(momentum).add_(gradient);
                    reference.add_(buffer, alpha: -0.01);
                }
            }
        }
        Assert.True(parameter.detach().eq(reference).all().item<bool>(), "SGD left other bits than PyTorch's formula");
        // μ = 0 takes the one-pass update: the momentum buffer (kept for the checkpoint's shape) is never written
        if (momentum == 0) Assert.Equal(0, optimizer.StateTensors()["first.0"].abs().max().ToDouble());
    }
}
