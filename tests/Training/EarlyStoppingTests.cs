using TorchAe.Training;
using TorchAe.Training.Objectives;
using TorchAe.Training.Optimizers;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TorchAe.Tests.Training;

/// <summary>Early stopping's decisions, against a hand-worked script: a stage whose validation loss is best at epoch 2 and
/// then rises while its validation error keeps falling to epoch 5 (a classifier growing confident on the samples it still
/// gets wrong). Which epoch's weights a stage ends with is read off the one parameter, which gradient descent moves by
/// exactly 1 per epoch (θ = epoch).</summary>
public sealed class EarlyStoppingTests
{
    // Epoch:                        1     2     3     4     5     6     7     8     9    10
    static readonly double[] ValidationLoss = [1.00, 0.90, 0.95, 1.00, 1.10, 1.20, 1.30, 1.40, 1.50, 1.60];
    static readonly int[] Wrong   = [10,   8,    6,    5,    4,    4,    4,    4,    4,    4];   // of 20 validation samples

    /// <summary>The scripted stage: θ is its weight, the validation loss and the classifier's mistakes follow θ.</summary>
    sealed class ScriptedObjective(bool classifies) : IStageObjective
    {
        readonly Parameter theta = new(zeros(1, dtype: ScalarType.Float64));

        public int Epoch => (int)Math.Round(theta.ToDouble());
        /// <summary>Passes of the classifier over a data set (training or validation accuracy).</summary>
        public int Passes { get; set; }
        public IReadOnlyList<Parameter> Parameters => [theta];
        public IReadOnlyList<(int Layer, bool Bias)>? ParameterLayers => null;
        public bool Corrupts => false;
        public Tensor Corrupt(Tensor inputs, Generator noise) => inputs;

        // ∂J/∂θ = −1: gradient descent at η = 1 adds 1 to θ every epoch.
        public StageTerms Evaluate(Tensor inputs, Tensor? targets, GradientSource source, Tensor? corrupted = null)
        {
            theta.grad = full(1, -1.0, dtype: ScalarType.Float64);
            return new StageTerms(tensor(0.0, dtype: ScalarType.Float64));
        }

        public double Loss(Tensor inputs, Tensor? targets) => ValidationLoss[Epoch - 1];

        public nn.Module<Tensor, Tensor>? Classifier => classifies ? new ScriptedClassifier(this) : null;
    }

    /// <summary>Two logits per sample: the last Wrong[epoch − 1] samples get class 1, the others class 0 (every target is 0).</summary>
    sealed class ScriptedClassifier(ScriptedObjective objective) : nn.Module<Tensor, Tensor>("scripted")
    {
        public override Tensor forward(Tensor x)
        {
            objective.Passes++;
            long n = x.shape[0];
            var wrong = arange(n, dtype: ScalarType.Float64) >= n - Wrong[objective.Epoch - 1];
            var one = wrong.to(ScalarType.Float64);
            return stack([1 - one, one], 1);
        }
    }

    static (StageReport Report, int Epoch, RecordingSink Sink, int Passes) Train(Stage stage, bool classifies, int epochs, int? patience, EarlyStoppingMetric metric)
    {
        var objective = new ScriptedObjective(classifies);
        var inputs = zeros(20, 3, dtype: ScalarType.Float64);
        var targets = zeros(20, dtype: ScalarType.Int64);
        var sink = new RecordingSink();
        var report = new TrainingLoop
        {
            Stage = stage,
            Objective = objective,
            Optimizer = new OptimizerSettings { Kind = OptimizerKind.Gd, Epochs = epochs, LearningRate = 1 },
            Settings = new StageSettings { EarlyStoppingPatience = patience, EarlyStoppingMetric = metric },
            Train = new TrainingData(inputs, targets),
            Validation = new TrainingData(inputs, targets),
            Sink = sink,
            Shuffle = new Generator(1),
        }.Run();
        return (report, objective.Epoch, sink, objective.Passes);
    }

    [Fact]
    public void Loss_StopsThreeEpochsAfterItsBest_AndRestoresEpoch2()
    {
        var (report, epoch, sink, _) = Train(new FineTuneStage(2), classifies: true, epochs: 10, patience: 3, EarlyStoppingMetric.Loss);
        // Best loss 0.90 at epoch 2; epochs 3, 4, 5 are no better: 5 − 2 ≥ 3 stops after epoch 5.
        Assert.Equal((5, StopReason.EarlyStopping, 2, 2), (report.Iterations, report.StopReason, epoch, report.KeptEpoch));
        Assert.Contains("finetune: early stop, weights of epoch 2 restored (validation loss 0.9)", sink.Notices.Single(n => n.Contains("restored")));
    }

    [Fact]
    public void Error_FollowsTheFallingError_StopsAfterEpoch8_AndRestoresEpoch5()
    {
        var (report, epoch, sink, passes) = Train(new FineTuneStage(2), classifies: true, epochs: 10, patience: 3, EarlyStoppingMetric.Error);
        // Errors 50, 40, 30, 25, 20 % at epochs 1-5, then 20 % again: only a strictly lower error counts, so 5 stays best
        // and 8 − 5 ≥ 3 stops.
        Assert.Equal((8, StopReason.EarlyStopping, 5, 5), (report.Iterations, report.StopReason, epoch, report.KeptEpoch));
        Assert.Contains("weights of epoch 5 restored (validation error 20.00 %)", sink.Notices.Single(n => n.Contains("restored")));
        // One training and one validation pass per epoch: early stopping reads the row's validation accuracy, not a third pass.
        Assert.Equal(2 * 8, passes);
    }

    [Fact]
    public void EpochCap_WithEarlyStoppingOn_EndsWithTheBestEpochsWeights()
    {
        var (report, epoch, sink, _) = Train(new FineTuneStage(2), classifies: true, epochs: 7, patience: 5, EarlyStoppingMetric.Error);
        // Patience 5 never runs out in 7 epochs; the cap ends the stage and epoch 5's weights are kept.
        Assert.Equal((7, StopReason.Epochs, 5, 5), (report.Iterations, report.StopReason, epoch, report.KeptEpoch));
        Assert.Contains("finetune: ended at epoch 7, weights of epoch 5 restored", sink.Notices.Single(n => n.Contains("restored")));
    }

    [Fact]
    public void EpochCap_WithEarlyStoppingOff_EndsWithTheLastEpochsWeights()
    {
        var (report, epoch, sink, _) = Train(new FineTuneStage(2), classifies: true, epochs: 7, patience: null, EarlyStoppingMetric.Error);
        Assert.Equal((7, StopReason.Epochs, 7, 7), (report.Iterations, report.StopReason, epoch, report.KeptEpoch));
        Assert.DoesNotContain(sink.Notices, n => n.Contains("restored"));
    }

    [Fact]
    public void Error_InAStageThatDoesNotClassify_WatchesTheLoss()
    {
        var (report, epoch, sink, _) = Train(new PretrainStage(1), classifies: false, epochs: 10, patience: 3, EarlyStoppingMetric.Error);
        Assert.Equal((5, StopReason.EarlyStopping, 2), (report.Iterations, report.StopReason, epoch));
        Assert.Contains("(validation loss 0.9)", sink.Notices.Single(n => n.Contains("restored")));
    }
}
