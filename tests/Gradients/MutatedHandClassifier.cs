using TorchAe.Gradients;
using TorchAe.Kernels;
using TorchAe.Models;
using static TorchSharp.torch.nn;
using static TorchSharp.torch;

namespace TorchAe.Tests.Gradients;

/// <summary>A slip someone deriving the softmax head's or the fine-tuned stack's gradient by hand could make.</summary>
public enum ClassifierMutation
{
    None,
    /// <summary>δ_out = P − T without the 1/R of the batch mean.</summary>
    MissingOneOverR,
    /// <summary>δ_out = P: the one-hot targets never subtracted.</summary>
    TargetsNotSubtracted,
    /// <summary>λ b_s added to the head's bias gradient (the decay covers weights only).</summary>
    DecayOnHeadBias,
    /// <summary>δ_l = δ_{l+1} W_{l+1}: the layer's φ′ forgotten on the way down.</summary>
    MissingActivationDerivative,
    /// <summary>φ′ written from the output (y(1 − y), 1 − y²) but fed the potential P_l instead of the output A_l.</summary>
    DerivativeOfPotential,
    /// <summary>Fine-tuning's encoder decay λ_e W_l left out.</summary>
    EncoderDecayMissing,
    /// <summary>λ_e b_l added to the encoder bias gradients.</summary>
    EncoderDecayOnBiases,
}

/// <summary><see cref="HandClassifier"/>'s δ equations written out plainly with one <see cref="ClassifierMutation"/> applied:
/// the hand-derived side of a gradient check that must fail. With <see cref="ClassifierMutation.None"/> it is the right
/// gradient, which shows the failures come from the mutation alone.</summary>
public static class MutatedHandClassifier
{
    public static ParameterGradients Softmax(SoftmaxClassifier head, Tensor codes, Tensor targets, double lambda, ClassifierMutation mutation)
    {
        using var _ = no_grad();
        var (delta, gradients) = Head(head.Weight, head.Bias, codes, targets, lambda, mutation, "");
        return new ParameterGradients(zeros(1, dtype: codes.dtype), gradients);
    }

    public static ParameterGradients Stack(StackedAutoencoder stack, Tensor x, Tensor targets, double lambda, double encoderLambda, ClassifierMutation mutation)
    {
        using var _ = no_grad();
        var a = new List<Tensor> { x };                                                    // A_0 = X, A_l = φ_l(P_l)
        var potentials = new List<Tensor>();                                               // P_l = A_{l−1} W_lᵀ + b_l
        for (int l = 0; l < stack.Encoders.Count; l++)
        {
            potentials.Add(functional.linear(a[l], stack.Encoders[l].weight, stack.Encoders[l].bias!));
            a.Add(stack.Activations[l].Apply(potentials[l]));
        }
        var (delta, gradients) = Head(stack.Classifier.Weight, stack.Classifier.Bias, a[^1], targets, lambda, mutation, "classifier.");
        var upstream = delta.mm(stack.Classifier.Weight);                                   // ∂J/∂A_L
        for (int l = stack.Encoders.Count - 1; l >= 0; l--)
        {
            var phi = stack.Activations[l];
            var d = mutation switch
            {
                ClassifierMutation.MissingActivationDerivative => upstream,
                ClassifierMutation.DerivativeOfPotential => upstream * phi.DerivativeFromOutput(potentials[l]),
                _ => upstream * phi.DerivativeFromOutput(a[l + 1]),                             // δ_l = ∂J/∂A_l ⊙ φ'_l
            };
            var w = stack.Encoders[l].weight;
            double decay = mutation == ClassifierMutation.EncoderDecayMissing ? 0 : encoderLambda;
            double biasDecay = mutation == ClassifierMutation.EncoderDecayOnBiases ? encoderLambda : 0;
            gradients[$"encoders.{l}.weight"] = d.t().mm(a[l]) + w * decay;
            gradients[$"encoders.{l}.bias"] = d.sum(dim: 0L) + stack.Encoders[l].bias! * biasDecay;
            upstream = d.mm(w);
        }
        return new ParameterGradients(zeros(1, dtype: x.dtype), gradients);
    }

    /// <summary>δ_out = (P − T)/R and the head's gradients δᵀ Y + λ W_s, Σ δ, under <paramref name="prefix"/>.</summary>
    static (Tensor Delta, Dictionary<string, Tensor> Gradients) Head(Tensor weight, Tensor bias, Tensor codes, Tensor targets, double lambda,
        ClassifierMutation mutation, string prefix)
    {
        long batch = codes.shape[0];
        var p = functional.linear(codes, weight, bias).softmax(1);
        var t = functional.one_hot(targets, weight.shape[0]).to(codes.dtype);
        var delta = mutation == ClassifierMutation.TargetsNotSubtracted ? p : p - t;
        if (mutation != ClassifierMutation.MissingOneOverR) delta = delta / batch;
        var gradients = new Dictionary<string, Tensor>
        {
            [prefix + "weight"] = delta.t().mm(codes) + weight * lambda,
            [prefix + "bias"] = delta.sum(dim: 0L) + (mutation == ClassifierMutation.DecayOnHeadBias ? bias * lambda : zeros_like(bias)),
        };
        return (delta, gradients);
    }
}
