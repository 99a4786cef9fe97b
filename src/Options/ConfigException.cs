namespace TorchAe.Options;

/// <summary>A configuration file that cannot be used; the message names the file and the JSON path, e.g.
/// <c>my.json: $.layers[1].rho: must be in (0, 1), got 1.5</c>.</summary>
public sealed class ConfigException(string message) : Exception(message);
