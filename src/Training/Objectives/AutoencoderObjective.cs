using TorchAe.Gradients;
using TorchAe.Losses;
using TorchAe.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TorchAe.Training.Objectives;

/// <summary>Greedy pretraining of one autoencoder layer on its inputs (the data, or the previous layer's codes).</summary>
public sealed class AutoencoderObjective(SparseAutoencoder model, SparseAutoencoderLossOptions options, int layer) : IStageObjective
{
    readonly SparseAutoencoderLoss loss = new(options);
    readonly (string, Parameter)[] named = model.named_parameters().ToArray();

    public string Stage => "pretrain";
    public int Layer => layer;
    public SparseAutoencoder Model => model;
    public IReadOnlyList<Parameter> Parameters { get; } = model.parameters().ToArray();

    public StageTerms Evaluate(Tensor inputs, Tensor? targets, GradientSource source)
    {
        AutoencoderLossTerms terms;
        if (source == GradientSource.Hand)
        {
            (terms, var gradients) = HandAutoencoder.Compute(model, inputs, options);
            GradientAssignment.Assign(named, gradients.Gradients);
        }
        else
        {
            GradientAssignment.Clear(Parameters);
            terms = loss.call(inputs, model);
            terms.Total.backward();
        }
        return new StageTerms(terms.Total.detach(), terms.Reconstruction.detach(), terms.WeightDecay.detach(), terms.Sparsity.detach(), terms.RhoHat.detach());
    }

    public double Loss(Tensor inputs, Tensor? targets)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        return loss.call(inputs, model).Total.ToDouble();
    }

    public double? Accuracy(Tensor inputs, Tensor? targets) => null;
}
