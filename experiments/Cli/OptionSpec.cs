namespace TorchAe.Cli;

/// <summary>One option a command accepts: <c>--name VALUE</c>, or a flag when <see cref="IsFlag"/>.
/// <see cref="Default"/> is shown by --help and used when the option is absent.</summary>
public sealed record OptionSpec(string Name, string Help, string? Default = null, bool IsFlag = false, bool Repeatable = false)
{
    public static OptionSpec Flag(string name, string help) => new(name, help, IsFlag: true);
}
