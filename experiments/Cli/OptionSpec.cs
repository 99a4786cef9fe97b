namespace TorchAe.Cli;

/// <summary>One option a command accepts: <c>--name VALUE</c>, or a flag when <see cref="IsFlag"/>.
/// <see cref="Default"/> is used when the option is absent; --help shows <see cref="Display"/> (a description of
/// the default, such as "the preset's") or else the default.</summary>
public sealed record OptionSpec(string Name, string Help, string? Default = null, bool IsFlag = false, bool Repeatable = false, string? Display = null)
{
    public static OptionSpec Flag(string name, string help) => new(name, help, IsFlag: true);
}
