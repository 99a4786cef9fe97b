namespace TorchAe.Cli;

/// <summary>A <c>torchae</c> sub-command. Commands are found by reflection, so adding one is adding a file.</summary>
public interface ICommand
{
    string Name { get; }
    string Summary { get; }
    IReadOnlyList<OptionSpec> Options { get; }
    /// <summary>Positional arguments, in order; none unless a command declares some.</summary>
    IReadOnlyList<PositionalSpec> Positionals => [];
    /// <summary>How --help names what follows a bare <c>--</c> (e.g. "COMMAND [options]"); null when the command takes nothing there.</summary>
    string? Trailing => null;
    /// <summary>Runs the command; returns an exit code from <see cref="ExitCodes"/>.</summary>
    int Run(ParsedArgs args, TextWriter output);
}
