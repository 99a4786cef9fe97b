using TorchAe.Kernels;
using TorchAe.Models;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace TorchAe.Gradients;

/// <summary>Hand-derived gradients of the softmax head alone and of the whole stack with its head (fine-tuning).</summary>
/// <remarks>Temporaries are reused in place once their values have been used; a decay term joins its product in one
/// addmm (beta = alpha = 1, exact) and is left out when its weight is 0.</remarks>
public static class HandClassifier
{
    /// <summary>Softmax regression on codes Y (R, H): δ = (P − T)/R, ∂/∂Ws = δᵀ Y + λ Ws, ∂/∂bs = Σ δ.</summary>
    public static ParameterGradients Softmax(SoftmaxClassifier classifier, Tensor codes, Tensor targets, double lambda)
    {
        using var _ = no_grad();
        var (loss, delta) = Head(classifier, codes, targets, lambda);
        return new ParameterGradients(loss, new Dictionary<string, Tensor>
        {
            ["weight"] = ProductPlusDecay(delta, codes, classifier.Weight, lambda),
            ["bias"] = delta.sum(dim: 0L),
        });
    }

    /// <summary>The stack end to end: δ_out = (P − T)/R, then δ_l = (δ_{l+1} W_{l+1}) ⊙ φ'_l back through every encoder,
    /// ∂/∂W_l = δ_lᵀ A_{l−1} + λ_e W_l (λ_e = optional decay on encoder weights).</summary>
    public static ParameterGradients Stack(StackedAutoencoder stack, Tensor x, Tensor targets, double lambda, double encoderLambda)
    {
        using var _ = no_grad();
        var activations = new List<Tensor> { x };                       // A_0 = X, A_l = φ_l(A_{l−1} W_lᵀ + b_l)
        for (int l = 0; l < stack.Encoders.Count; l++)
            activations.Add(InPlaceActivation.Apply(stack.Activations[l], functional.linear(activations[l], stack.Encoders[l].weight, stack.Encoders[l].bias!)));

        var (loss, delta) = Head(stack.Classifier, activations[^1], targets, lambda);
        var gradients = new Dictionary<string, Tensor>
        {
            ["classifier.weight"] = ProductPlusDecay(delta, activations[^1], stack.Classifier.Weight, lambda),
            ["classifier.bias"] = delta.sum(dim: 0L),
        };
        var upstream = delta.mm(stack.Classifier.Weight);               // ∂J/∂A_L, (R, H_L)
        for (int l = stack.Encoders.Count - 1; l >= 0; l--)
        {
            var w = stack.Encoders[l].weight;
            // δ_l = ∂J/∂A_l ⊙ φ'_l, in upstream's storage; A_l (l ≥ 1, ours) is spent: its product is already taken
            var d = InPlaceActivation.ScaleByDerivative(stack.Activations[l], upstream, activations[l + 1], 1);
            gradients[$"encoders.{l}.weight"] = ProductPlusDecay(d, activations[l], w, encoderLambda);
            gradients[$"encoders.{l}.bias"] = d.sum(dim: 0L);
            if (encoderLambda > 0) loss = loss.Plus(w.Squared().sum().Times(0.5 * encoderLambda));
            if (l > 0) upstream = d.mm(w);
        }
        return new ParameterGradients(loss, gradients);
    }

    /// <summary>δᵀ A + λ W, (out, in); the plain product when λ = 0.</summary>
    static Tensor ProductPlusDecay(Tensor delta, Tensor inputs, Tensor weight, double lambda) =>
        lambda > 0 ? addmm(weight.Times(lambda), delta.t(), inputs, 1, 1) : delta.t().mm(inputs);

    /// <summary>Loss (1/R) Σ −log P[t] + (λ/2)‖Ws‖² and δ = (P − T)/R, (R, K).</summary>
    static (Tensor Loss, Tensor Delta) Head(SoftmaxClassifier classifier, Tensor codes, Tensor targets, double lambda)
    {
        long batch = codes.shape[0];
        var logProbabilities = functional.linear(codes, classifier.Weight, classifier.Bias).log_softmax(1);
        var crossEntropy = -logProbabilities.gather(1, targets.unsqueeze(1)).mean();
        var loss = crossEntropy.Plus(classifier.Weight.Squared().sum().Times(0.5 * lambda));
        var oneHot = functional.one_hot(targets, classifier.Classes).to(codes.dtype);
        using var size = batch.ToScalar();
        var delta = logProbabilities.exp_().sub_(oneHot).div_(size);   // P − T over R, in log P's storage
        return (loss, delta);
    }
}
