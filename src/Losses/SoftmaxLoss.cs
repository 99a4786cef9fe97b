using TorchAe.Kernels;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace TorchAe.Losses;

/// <summary>UFLDL's softmax objective: (1/R) Σ_k −log p(t_k | y_k) + (λ_s/2)‖W_s‖² (+ (λ_e/2) Σ_l ‖W_l‖² on encoder
/// weights during fine-tuning when asked). Returns (total, cross-entropy).</summary>
public static class SoftmaxLoss
{
    /// <param name="logits">(R, K)</param><param name="targets">(R) int64 class indices</param>
    public static (Tensor Total, Tensor CrossEntropy) Compute(Tensor logits, Tensor targets, Tensor classifierWeight, double lambda,
        IEnumerable<Tensor>? encoderWeights = null, double encoderLambda = 0)
    {
        var crossEntropy = functional.cross_entropy(logits, targets);
        var total = crossEntropy.Plus(classifierWeight.Squared().sum().Times(0.5 * lambda));
        if (encoderWeights is not null && encoderLambda > 0)
            foreach (var w in encoderWeights)
                total = total.Plus(w.Squared().sum().Times(0.5 * encoderLambda));
        return (total, crossEntropy);
    }
}
