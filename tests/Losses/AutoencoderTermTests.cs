using TorchAe.Gradients;
using TorchAe.Kernels;
using TorchAe.Losses;
using static TorchSharp.torch;

namespace TorchAe.Tests.Losses;

/// <summary>A term is one type: a term written here, outside the library (an activity penalty c Σ_k ‖y_k‖², c = λ/R, as
/// in contractive autoencoders' "weight decay on the codes"), joins the loss module and the hand-derived backprop with no
/// other change, and its autograd and hand gradients agree with each other and with central differences.</summary>
public sealed class AutoencoderTermTests
{
    /// <summary>c Σ_k ‖y_k‖², c = λ/R: a share (R, H) of ∂J/∂Y (where sparsity's is (H)).</summary>
    sealed class ActivityTerm(double lambda) : AutoencoderTerm
    {
        public override string Name => "activity";

        public override Tensor Value(AutoencoderPass pass) => pass.Hidden.Squared().sum().Times(lambda / pass.Batch);

        public override Tensor Hand(AutoencoderPass pass, HandGradient gradient)
        {
            gradient.AddHidden(pass.Hidden.Times(2 * lambda / pass.Batch));   // ∂(c Σ y²)/∂Y = 2c Y
            return pass.Hidden.Squared().sum().Times(lambda / pass.Batch);
        }
    }

    static readonly SparseAutoencoderLossOptions Options = new() { SparsityWeight = 3, WeightDecay = 1e-3, TargetActivation = 0.1, Contraction = 0.5 };

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void NewTerm_AutogradHandAndNumericGradients_Agree(bool tied)
    {
        using var scope = NewDisposeScope();
        var (model, x) = GradientCheckSuite.AutoencoderAndBatch(Activation.Sigmoid, Activation.Sigmoid, seed: 3, tied: tied);
        IReadOnlyList<AutoencoderTerm> terms = [.. Options.Terms(), new ActivityTerm(0.7)];
        var loss = new SparseAutoencoderLoss(Options, fused: false, terms);

        var result = GradientChecker.Run(model.named_parameters().ToList(), () => loss.call(x, model).Total,
            () => HandAutoencoder.Compute(model, x, terms).Gradients);

        Assert.True(result.Passed, $"numeric {result.RelNumericVsAutograd:G3}, hand {result.RelHandVsAutograd:G3}");
    }

    [Fact]
    public void NewTerm_IsNamedInTheTermsAndAddsItsValueToTheTotal()
    {
        using var scope = NewDisposeScope();
        var (model, x) = GradientCheckSuite.AutoencoderAndBatch(Activation.Sigmoid, Activation.Sigmoid, seed: 4);
        var plain = new SparseAutoencoderLoss(Options).call(x, model);
        var terms = new SparseAutoencoderLoss(Options, terms: [.. Options.Terms(), new ActivityTerm(0.7)]).call(x, model);
        var hand = HandAutoencoder.Compute(model, x, [.. Options.Terms(), new ActivityTerm(0.7)]).Terms;

        // λ/R Σ_k Σ_i y_ki² in plain doubles
        var y = model.Encode(x).detach().data<double>().ToArray();
        double reference = 0.7 / x.shape[0] * y.Sum(v => v * v);
        Assert.Equal(["reconstruction", "weight_decay", "sparsity", "contraction", "activity"], terms.Terms.Select(t => t.Name));
        Assert.Equal(reference, terms["activity"]!.ToDouble(), reference * 1e-14);
        Assert.Equal(reference, hand["activity"]!.ToDouble(), reference * 1e-14);
        Assert.Equal(plain.Total.ToDouble() + reference, terms.Total.ToDouble(), 1e-13);
    }
}
