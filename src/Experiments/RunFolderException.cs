namespace TorchAe.Experiments;

/// <summary>A run folder that cannot be used: it holds another run (and replacing was not asked for), it is not
/// writable, or the run to resume is missing, of another configuration or has lost its metrics rows. The message names
/// the folder and what to do.</summary>
public sealed class RunFolderException(string message) : Exception(message);
