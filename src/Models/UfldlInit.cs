using TorchAe.Kernels;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TorchAe.Models;

/// <summary>Initialisation from an explicit generator, drawn on the CPU in float64 and copied into the parameter, so the
/// same seed gives the same weights on every device and dtype (TorchSharp's nn.init ignores generators).</summary>
internal static class UfldlInit
{
    /// <summary>An autoencoder's weights uniform in ±r (<see cref="Radius"/>: UFLDL's unless <paramref name="init"/> says
    /// otherwise), b = 0; W1 then W2 from the generator
    /// (no <paramref name="decoder"/> for a tied autoencoder, whose decoder bias starts at 0 too).</summary>
    public static void Autoencoder(Linear encoder, Linear? decoder, Generator generator, WeightInit init = WeightInit.Ufldl)
    {
        long n = encoder.weight.shape[1], h = encoder.weight.shape[0];
        double r = Radius(init, n, h);
        Uniform(encoder.weight, r, generator);
        if (decoder is not null) Uniform(decoder.weight, r, generator);
        Zero(encoder.bias!);
        if (decoder is not null) Zero(decoder.bias!);
    }

    /// <summary>r of an N → H autoencoder's weights.</summary>
    public static double Radius(WeightInit init, long n, long h) => init switch
    {
        WeightInit.Ufldl => Math.Sqrt(6.0 / (n + h + 1)),             // r = √(6 / (N + H + 1))
        WeightInit.GlorotSigmoid => 4 * Math.Sqrt(6.0 / (n + h)),     // r = 4 √(6 / (N + H))
        _ => throw new ArgumentOutOfRangeException(nameof(init)),
    };

    /// <summary>UFLDL's softmax: W ~ 0.005 · N(0, 1), b = 0.</summary>
    public static void Softmax(Tensor weight, Tensor bias, Generator generator)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        weight.copy_(randn(weight.shape, dtype: ScalarType.Float64, generator: generator).Times(0.005));
        bias.zero_();
    }

    public static void Uniform(Tensor parameter, double radius, Generator generator)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        // u ~ U[0, 1) → 2r·u − r ~ U[−r, r)
        parameter.copy_(rand(parameter.shape, dtype: ScalarType.Float64, generator: generator).Times(2 * radius).Minus(radius));
    }

    static void Zero(Tensor parameter)
    {
        using var _ = no_grad();
        parameter.zero_();
    }
}
