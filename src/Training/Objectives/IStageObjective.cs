using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TorchAe.Training.Objectives;

/// <summary>What one training stage minimises: a greedy autoencoder layer, the softmax head on fixed codes, or the whole
/// stack. The training loop is the same for all; each stage builds its own.</summary>
public interface IStageObjective
{
    /// <summary>The parameters the stage trains, in a fixed order (the optimiser's state follows it).</summary>
    IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>For stages that backpropagate through the stack: each parameter's layer (encoders 1..L, the head L + 1)
    /// and whether it is a bias, in the order of <see cref="Parameters"/>; null for the others.</summary>
    IReadOnlyList<(int Layer, bool Bias)>? ParameterLayers { get; }

    /// <summary>The objective on a batch, leaving its gradient in every parameter's <c>.grad</c> from the chosen source.
    /// <paramref name="corrupted"/> (from <see cref="Corrupt"/>) is what the model reads instead of <paramref name="inputs"/>,
    /// which stay the clean targets of a reconstruction; null: the inputs themselves.</summary>
    StageTerms Evaluate(Tensor inputs, Tensor? targets, GradientSource source, Tensor? corrupted = null);

    /// <summary>True when the objective corrupts its inputs (a denoising autoencoder): <see cref="Corrupt"/> then draws.</summary>
    bool Corrupts { get; }

    /// <summary>X̃ for <paramref name="inputs"/>, drawn from <paramref name="noise"/> (a CPU generator); the inputs themselves
    /// (no draw) for objectives without corruption.</summary>
    Tensor Corrupt(Tensor inputs, Generator noise);

    /// <summary>The objective without gradients (validation loss).</summary>
    double Loss(Tensor inputs, Tensor? targets);

    /// <summary>The classifier whose accuracy the stage reports (the head, or the whole stack); null for unsupervised stages.</summary>
    nn.Module<Tensor, Tensor>? Classifier { get; }
}
