using System.Text.Json.Serialization;

namespace TorchAe.Training;

/// <summary>Why a stage ended, as the loop saw it (summary.json's <c>stop_reason</c>).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<StopReason>))]
public enum StopReason
{
    /// <summary>The stage's epoch (iteration) budget was used up.</summary>
    [JsonStringEnumMemberName("epochs")] Epochs,
    /// <summary>The optimiser's own stopping test held (L-BFGS tolerances).</summary>
    [JsonStringEnumMemberName("converged")] Converged,
    /// <summary>The validation loss did not improve for the patience; the best weights were restored.</summary>
    [JsonStringEnumMemberName("early_stopping")] EarlyStopping,
}
