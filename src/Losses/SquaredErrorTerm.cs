using TorchAe.Kernels;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace TorchAe.Losses;

/// <summary>The lecture's reconstruction term c_r Σ_k ‖x_k − z_k‖², z = ψ(P3), any decoder.</summary>
public sealed class SquaredErrorTerm(Objective objective) : ReconstructionTerm
{
    /// <summary>c_r: ½/R (mean), ½ (sum), 1/R (msesparse) for a batch of R samples.</summary>
    public double Scale(long batch) => objective switch
    {
        Objective.Mean => 0.5 / batch,
        Objective.Sum => 0.5,
        _ => 1.0 / batch,
    };

    /// <inheritdoc/>
    public override Tensor Value(AutoencoderPass pass)
    {
        double cr = Scale(pass.Batch);
        var decoder = pass.Model.DecoderActivation;
        // c_r Σ_k ‖x_k − z_k‖², z = ψ(P3): one fused node where the tensors allow it
        return pass.Fused && FusedReconstructionError.Supports(pass.Potential, pass.Target)
            ? FusedReconstructionError.apply(pass.Potential, pass.Target, decoder, cr)
            // mse_loss(sum) is the same sum of squares; its backward is one pass 2(z − x)·g instead of square's two
            : functional.mse_loss(decoder.Apply(pass.Potential), pass.Target, Reduction.Sum).Times(cr);
    }

    /// <summary>The term and δ3 = 2 c_r (Z − X) ⊙ ψ′(P3), computed over P3's storage (Z = ψ(P3) in place): one fused pass
    /// where the tensors allow it, else the same formula as tensor ops (z − x, its squared sum, then the delta in place).</summary>
    public override Tensor Hand(AutoencoderPass pass, HandGradient gradient)
    {
        double cr = Scale(pass.Batch);
        var decoder = pass.Model.DecoderActivation;
        var (z, x) = (InPlaceActivation.Apply(decoder, pass.Potential), pass.Target);
        if (FusedOutputDelta.Supports(z, x) && FusedOutputDelta.SumOfSquaresAndDelta(decoder, z, x, 2 * cr) is { } sum)
        {
            gradient.AddOutput(z);
            return tensor(sum * cr, dtype: z.dtype, device: z.device);   // c_r Σ ‖z − x‖²
        }
        var diff = z - x;
        var reconstruction = diff.Squared().sum().Times(cr);
        gradient.AddOutput(InPlaceActivation.ScaleByDerivative(decoder, diff, z, 2 * cr));
        return reconstruction;
    }
}
