using TorchAe.Kernels;
using static TorchSharp.torch;
using static TorchSharp.torch.autograd;

namespace TorchAe.Losses;

/// <summary>The reconstruction term c_r Σ_k ‖ψ(P3)_k − x_k‖² as ONE autograd node over the decoder's potential P3, the
/// way PyTorch fuses sigmoid into <c>binary_cross_entropy_with_logits</c>. Composed of library ops (ψ, mse_loss) the
/// term costs autograd four passes over the (R, N) batch and two (R, N) gradients (mse_loss's 2(z − x)·g, then
/// sigmoid's g·z(1 − z)); here the forward pass computes the sum and δ3 = 2 c_r (z − x) ⊙ ψ'(z) together
/// (<see cref="FusedOutputDelta"/>) and backward hands δ3 on. Everything before P3 (the decoder's product, the encoder, the
/// decay and KL terms) is still differentiated by autograd. The gradient checker keeps using the composed graph, so that
/// autograd stays a check on the hand-derived δ3 that is independent of this code.</summary>
sealed class FusedReconstructionError : SingleTensorFunction<FusedReconstructionError>
{
    public override string Name => nameof(FusedReconstructionError);

    /// <summary>True when the fused node can run: contiguous float CPU tensors of one dtype and shape.</summary>
    public static bool Supports(Tensor potential, Tensor target) =>
        potential.shape.SequenceEqual(target.shape) && FusedOutputDelta.Supports(potential, target);

    /// <param name="vars">P3 (R, N), X (R, N), ψ (<see cref="Activation"/>), c_r (double).</param>
    public override Tensor forward(AutogradContext ctx, params object[] vars)
    {
        var (potential, target, activation, scale) = ((Tensor)vars[0], (Tensor)vars[1], (Activation)vars[2], (double)vars[3]);
        // z = ψ(P3) in a buffer of its own (P3 is an input of this node and must not change); then one pass turns it
        // into δ3 = 2 c_r (z − x) ⊙ ψ'(z) while summing (z − x)².
        var z = activation == Activation.Linear ? potential.clone() : activation.Apply(potential);
        double sum = FusedOutputDelta.SumOfSquaresAndDelta(activation, z, target, 2 * scale)
            ?? throw new InvalidOperationException("libtorch's tensor storage could not be reached");
        ctx.save_for_backward([z]);
        return tensor(scale * sum, dtype: potential.dtype, device: potential.device);   // c_r Σ ‖z − x‖²
    }

    public override List<Tensor> backward(AutogradContext ctx, Tensor gradOutput)
    {
        var delta = ctx.get_saved_variables()[0];
        // ∂(g·J_r)/∂P3 = g δ3; g is 1 when the total is differentiated directly, and then δ3 goes on as it is.
        var gradient = gradOutput.ToDouble() == 1 ? delta : delta.mul(gradOutput);
        return [gradient, null!, null!, null!];
    }
}
