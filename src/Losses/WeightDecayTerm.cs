using TorchAe.Kernels;
using static TorchSharp.torch;

namespace TorchAe.Losses;

/// <summary>The L2 decay α Ω, Ω = ½ Σ ‖W‖² over the weight parameters (W1 and W2, or W1 alone when tied), biases
/// excluded; not normalised by the batch.</summary>
public sealed class WeightDecayTerm(double alpha) : AutoencoderTerm
{
    /// <summary>The metrics.csv column, <c>weight_decay</c>.</summary>
    public const string Column = "weight_decay";

    /// <inheritdoc/>
    public override string Name => Column;

    /// <inheritdoc/>
    public override Tensor Value(AutoencoderPass pass)
    {
        Tensor[] weights = [.. pass.Model.Weights];
        // α Ω = (α/2) Σ_l ‖W_l‖²: one fused node where the tensors allow it
        return pass.Fused && FusedWeightDecay.Supports(weights)
            ? FusedWeightDecay.apply([0.5 * alpha, .. weights])
            : weights.Select(w => w.Squared().sum()).Aggregate((a, b) => a.Plus(b)).Times(0.5 * alpha);
    }

    /// <summary>α Ω and its direct gradient ∂(αΩ)/∂W = α W for every weight parameter.</summary>
    public override Tensor Hand(AutoencoderPass pass, HandGradient gradient)
    {
        var model = pass.Model;
        var value = model.Weights.Select(w => w.Squared().sum()).Aggregate((a, b) => a.Plus(b)).Times(0.5 * alpha);
        gradient.AddDirect("encoder.weight", model.Encoder.weight.Times(alpha));           // α W1
        if (!model.Tied) gradient.AddDirect("decoder.weight", model.DecoderWeight.Times(alpha));   // α W2 (untied only)
        return value;
    }
}
