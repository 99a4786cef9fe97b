using System.CommandLine;

namespace TorchAe.Cli;

/// <summary>A <c>torchae</c> sub-command. Commands are found by reflection, so adding one is adding a file.</summary>
public interface ICommand
{
    string Name { get; }
    string Summary { get; }
    /// <summary>The options and positional arguments, in the order --help lists them.</summary>
    IEnumerable<Symbol> Symbols { get; }
    /// <summary>Runs the command; returns an exit code from <see cref="ExitCodes"/>.</summary>
    int Run(ParseResult args, TextWriter output);
}
