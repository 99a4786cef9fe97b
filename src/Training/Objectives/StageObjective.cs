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

    /// <summary>The objective's terms on a batch, differentiable by autograd; the model reads <see cref="StageBatch.Read"/>.</summary>
    protected abstract StageTerms Terms(StageBatch batch);

    /// <summary>The objective's terms and the lecture's hand-derived gradient of each named parameter.</summary>
    protected abstract (StageTerms Terms, ParameterGradients Gradients) HandTerms(StageBatch batch);

    /// <inheritdoc/>
    public virtual bool Corrupts => false;

    /// <inheritdoc/>
    public virtual Tensor Corrupt(Tensor inputs, Generator noise) => inputs;

    /// <inheritdoc/>
    public StageTerms Evaluate(Tensor inputs, Tensor? targets, GradientSource source, Tensor? corrupted = null)
    {
        StageTerms terms;
        var batch = new StageBatch(inputs, targets, corrupted);
        if (source == GradientSource.Hand)
        {
            (terms, var gradients) = HandTerms(batch);
            GradientAssignment.Assign(named, gradients.Gradients);
        }
        else
        {
            GradientAssignment.Clear(Parameters);
            terms = Terms(batch);
            terms.Loss.backward();
        }
        return new StageTerms(terms.Loss.detach(), terms.Terms?.Select(t => (t.Name, t.Value.detach())).ToList(), terms.RhoHat?.detach());
    }

    /// <inheritdoc/>
    public double Loss(Tensor inputs, Tensor? targets)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        return Terms(new StageBatch(inputs, targets)).Loss.ToDouble();
    }

    /// <inheritdoc/>
    public virtual nn.Module<Tensor, Tensor>? Classifier => null;
}
