using System.Text.Json.Serialization;

namespace TorchAe.Training.Optimizers;

/// <summary>Why a stage ended (summary.json's <c>stop_reason</c>): the optimiser reports <see cref="Converged"/> and
/// <see cref="MaxEvaluations"/> itself (<see cref="IOptimizer.StopReason"/>); the loop adds the other two.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<StopReason>))]
public enum StopReason
{
    /// <summary>The stage's epoch (iteration) budget was used up.</summary>
    [JsonStringEnumMemberName("epochs")] Epochs,
    /// <summary>The optimiser's own stopping test held (L-BFGS tolerances).</summary>
    [JsonStringEnumMemberName("converged")] Converged,
    /// <summary>The validation criterion (loss or error) did not improve for the patience; the best weights were restored.</summary>
    [JsonStringEnumMemberName("early_stopping")] EarlyStopping,
    /// <summary><see cref="OptimizerSettings.MaxEvaluations"/> evaluations of the objective were spent.</summary>
    [JsonStringEnumMemberName("max_evaluations")] MaxEvaluations,
}
