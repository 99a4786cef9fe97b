using TorchAe.Kernels;
using static TorchSharp.torch;
using static TorchSharp.torch.autograd;

namespace TorchAe.Losses;

/// <summary>A weight-decay term c Σ_l ‖W_l‖² as ONE autograd node over the weights. Composed of library ops (a square
/// and a sum per weight, their sum, the scale) it costs autograd ~3 ops per weight forward and as many nodes backward;
/// here one pass per weight (<see cref="FusedSquares"/>) sums the squares in double precision and backward returns
/// 2c W_l. The gradient checker keeps using the composed graph as its reference.</summary>
sealed class FusedWeightDecay : SingleTensorFunction<FusedWeightDecay>
{
    public override string Name => nameof(FusedWeightDecay);

    /// <summary>True when the fused node can run: contiguous float CPU tensors of one dtype.</summary>
    public static bool Supports(params Tensor[] weights) =>
        weights.All(w => FusedSquares.Supports(w) && w.dtype == weights[0].dtype && w.device == weights[0].device);

    /// <param name="vars">c (double), then the weights W_1 … W_L.</param>
    public override Tensor forward(AutogradContext ctx, params object[] vars)
    {
        var scale = (double)vars[0];
        var weights = vars.Skip(1).Cast<Tensor>().ToList();
        double sum = 0;
        foreach (var w in weights)
            sum += FusedSquares.Sum(w) ?? throw new InvalidOperationException("libtorch's tensor storage could not be reached");
        ctx.save_for_backward(weights);
        ctx.save_data("scale", scale);
        return tensor(scale * sum, dtype: weights[0].dtype, device: weights[0].device);   // c Σ_l ‖W_l‖²
    }

    public override List<Tensor> backward(AutogradContext ctx, Tensor gradOutput)
    {
        // ∂(g · c Σ‖W‖²)/∂W_l = 2 c g W_l
        double factor = 2 * (double)ctx.get_data("scale") * gradOutput.ToDouble();
        return [null!, .. ctx.get_saved_variables().Select(w => w.Times(factor))];
    }
}
