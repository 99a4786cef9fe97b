using System.Text.Json.Serialization;
using TorchAe.Options;

namespace TorchAe.Training.Optimizers;

/// <summary>How one stage is optimised. Validated on construction and on every <c>with</c>.</summary>
public sealed record OptimizerSettings
{
    /// <summary>The optimiser: L-BFGS (the lecture's and UFLDL's choice), gradient descent, SGD with momentum, or Adam.</summary>
    [JsonPropertyName("optimizer")]
    public OptimizerKind Kind { get; init; } = OptimizerKind.Lbfgs;

    /// <summary>Epochs (L-BFGS: iterations) at most. 400 per layer is UFLDL's setting.</summary>
    public int Epochs { get; init => field = Check.Positive(value, "epochs"); } = 400;

    /// <summary>η. For L-BFGS the line search's first trial step (1 as in minFunc). Adam 1e-3, SGD 0.1, GD 1 are sensible.</summary>
    public double LearningRate { get; init => field = Check.Positive(value, "learning_rate"); } = 1;

    /// <summary>Mini-batch size; 0 = the whole training set (required for gd and lbfgs).</summary>
    public int BatchSize { get; init => field = Check.NonNegative(value, "batch_size"); }

    /// <summary>μ of SGD with momentum.</summary>
    public double Momentum { get; init => field = Check.InRange(value, 0, 0.999999, "momentum"); } = 0.9;

    /// <summary>L-BFGS memory (minFunc's default 100 corrections).</summary>
    public int History { get; init => field = Check.Positive(value, "history"); } = 100;

    /// <summary>L-BFGS stops when max |∇J| falls to this (minFunc optTol).</summary>
    public double GradientTolerance { get; init => field = Check.NonNegative(value, "gradient_tolerance"); } = 1e-5;

    /// <summary>L-BFGS stops when the loss or the step changes less than this (minFunc progTol).</summary>
    public double ChangeTolerance { get; init => field = Check.NonNegative(value, "change_tolerance"); } = 1e-9;

    /// <summary>At most this many evaluations of the objective and its gradient in the stage (minFunc's maxFunEvals,
    /// PyTorch's max_eval); null = no cap. Checked after every step, as both do: the step that reaches it is finished,
    /// then the stage stops with stop reason <c>max_evaluations</c>.</summary>
    public int? MaxEvaluations { get; init => field = value is { } n ? Check.Positive(n, "max_evaluations") : null; }

    /// <summary>Whether every step sees the whole training set (<see cref="BatchSize"/> 0).</summary>
    [JsonIgnore]
    public bool IsFullBatch => BatchSize == 0;

    /// <summary>Throws when the combination cannot work (gd and lbfgs need the full batch).</summary>
    public OptimizerSettings Validated(string path)
    {
        if (Kind is OptimizerKind.Lbfgs or OptimizerKind.Gd && BatchSize != 0)
            throw new OptionException($"{path}batch_size", BatchSize, $"0 (full batch) for {Kind.ToString().ToLowerInvariant()}");
        return this;
    }

    /// <summary>Reads <c>lbfgs</c>, <c>gd</c>, <c>sgd</c> or <c>adam</c> (case-insensitive); anything else throws <see cref="OptionException"/> naming <paramref name="field"/>.</summary>
    public static OptimizerKind ParseKind(string text, string field = "optimizer") => text.Trim().ToLowerInvariant() switch
    {
        "gd" => OptimizerKind.Gd,
        "sgd" => OptimizerKind.Sgd,
        "adam" => OptimizerKind.Adam,
        "lbfgs" or "l-bfgs" => OptimizerKind.Lbfgs,
        _ => throw new OptionException(field, text, "one of gd, sgd, adam, lbfgs"),
    };
}
