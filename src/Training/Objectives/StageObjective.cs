using TorchAe.Gradients;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TorchAe.Training.Objectives;

/// <summary>The skeleton every stage objective shares. A stage says two things: its terms on a batch (built on the
/// autograd graph) and its hand-derived gradients; this class does the rest once — the gradient source decides
/// between backward() and assigning the hand gradients, the terms leave detached, and the validation loss is the same
/// terms under no_grad.</summary>
public abstract class StageObjective(nn.Module model) : IStageObjective
{
    readonly (string, Parameter)[] named = model.named_parameters().ToArray();

    /// <inheritdoc/>
    public IReadOnlyList<Parameter> Parameters { get; } = model.parameters().ToArray();
    /// <inheritdoc/>
    public virtual IReadOnlyList<(int Layer, bool Bias)>? ParameterLayers => null;

    /// <summary>The objective's terms on a batch, differentiable by autograd.</summary>
    protected abstract StageTerms Terms(Tensor inputs, Tensor? targets);

    /// <summary>The objective's terms and the lecture's hand-derived gradient of each named parameter.</summary>
    protected abstract (StageTerms Terms, ParameterGradients Gradients) HandTerms(Tensor inputs, Tensor? targets);

    /// <summary>The terms when the model reads <paramref name="corrupted"/> and the reconstruction is compared with the clean
    /// <paramref name="inputs"/>; objectives that do not corrupt ignore <paramref name="corrupted"/>.</summary>
    protected virtual StageTerms Terms(Tensor inputs, Tensor corrupted, Tensor? targets) => Terms(inputs, targets);

    /// <summary>The hand-derived terms and gradients with the model reading <paramref name="corrupted"/> (see the other overload).</summary>
    protected virtual (StageTerms Terms, ParameterGradients Gradients) HandTerms(Tensor inputs, Tensor corrupted, Tensor? targets) => HandTerms(inputs, targets);

    /// <inheritdoc/>
    public virtual bool Corrupts => false;

    /// <inheritdoc/>
    public virtual Tensor Corrupt(Tensor inputs, Generator noise) => inputs;

    /// <inheritdoc/>
    public StageTerms Evaluate(Tensor inputs, Tensor? targets, GradientSource source, Tensor? corrupted = null)
    {
        StageTerms terms;
        if (source == GradientSource.Hand)
        {
            (terms, var gradients) = corrupted is null ? HandTerms(inputs, targets) : HandTerms(inputs, corrupted, targets);
            GradientAssignment.Assign(named, gradients.Gradients);
        }
        else
        {
            GradientAssignment.Clear(Parameters);
            terms = corrupted is null ? Terms(inputs, targets) : Terms(inputs, corrupted, targets);
            terms.Loss.backward();
        }
        return new StageTerms(terms.Loss.detach(), terms.Reconstruction?.detach(), terms.WeightDecay?.detach(), terms.Sparsity?.detach(), terms.RhoHat?.detach(), terms.Contraction?.detach());
    }

    /// <inheritdoc/>
    public double Loss(Tensor inputs, Tensor? targets)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        return Terms(inputs, targets).Loss.ToDouble();
    }

    /// <inheritdoc/>
    public virtual nn.Module<Tensor, Tensor>? Classifier => null;
}
