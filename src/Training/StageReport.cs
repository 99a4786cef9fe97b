using TorchAe.Training.Optimizers;

namespace TorchAe.Training;

/// <summary>How one stage went (an entry of summary.json's <c>stages</c>): the epochs (L-BFGS iterations) it ran, the
/// objective evaluations (closure calls) its optimiser made, its training seconds (across resumes), why it stopped, and
/// the process's peak resident set at its end, and, from getrusage, the minor page faults, the system CPU seconds and the
/// user CPU seconds (all threads: the work itself, without a loaded machine's waits for a core) of the stage (of this
/// process: a resumed stage counts its part after the resume), and the epoch whose weights the stage ended with.</summary>
/// <param name="KeptEpoch">The epoch whose weights the stage ended with: early stopping's best epoch when it restored
/// one, else the last epoch (<see cref="Iterations"/>); null in reports written before it was recorded.</param>
public sealed record StageReport(string Stage, int Layer, int Iterations, long Evaluations, double Seconds, StopReason StopReason, long PeakRssBytes,
    long MinorPageFaults = 0, double SystemSeconds = 0, double UserSeconds = 0, int? KeptEpoch = null);
