namespace TorchAe.Cli;

/// <summary>A positional argument of a command (<c>torchae dataset SOURCE</c>): non-option arguments fill the declared
/// positionals in order. <see cref="Choices"/>, when given, lists the allowed values (shown by --help).</summary>
public sealed record PositionalSpec(string Name, string Help, IReadOnlyList<string>? Choices = null);
