namespace TorchAe.Experiments;

/// <summary>Where <see cref="Experiment"/> writes: the run folder, whether to continue the run in it or replace one
/// already there, and the command line to record in config.json's provenance.</summary>
/// <param name="Folder">The run folder; created when missing.</param>
public sealed record RunFolderOptions(string Folder)
{
    /// <summary>Continue the run in <see cref="RunFolderOptions.Folder"/> from its last checkpoint (its config.json must equal the experiment).</summary>
    public bool Resume { get; init; }
    /// <summary>Start the run in <see cref="RunFolderOptions.Folder"/> (a new one) from the checkpoint of the run in this
    /// folder, which is only read: the experiment may differ from that run only in the stages its checkpoint has not begun
    /// (<c>--branch DIR</c>). Excludes <see cref="Resume"/>.</summary>
    public string? BranchFrom { get; init; }
    /// <summary>Replace a run already in the folder (every output it wrote is removed first).</summary>
    public bool Force { get; init; }
    /// <summary>How the run was asked for, recorded in config.json; null = the process's own command line.</summary>
    public string? CommandLine { get; init; }
    /// <summary>Also write TensorBoard event files into the folder (<c>--tensorboard</c>); a resumed run that has them
    /// continues them either way.</summary>
    public bool TensorBoard { get; init; }
}
