using TorchAe.IO;
using System.Reflection;
using TorchAe.Data;
using TorchAe.Options;
using TorchAe.Runtime;

namespace TorchAe.Cli;

/// <summary>Dispatches <c>torchae COMMAND [options]</c>, prints --help, and turns failures into one line and an exit
/// code: bad input (usage, option, data file) → 2, libtorch not loadable or training diverged → 1. No stack trace reaches the user.</summary>
public static class CommandLine
{
    public static IReadOnlyList<ICommand> Commands { get; } = typeof(CommandLine).Assembly.GetTypes()
        .Where(t => typeof(ICommand).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false } && t.GetConstructor(Type.EmptyTypes) is not null)
        .Select(t => (ICommand)Activator.CreateInstance(t)!)
        .OrderBy(c => c.Name, StringComparer.Ordinal)
        .ToList();

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        if (args.Length == 0 || args[0] is "--help" or "-h" or "help")
        {
            PrintOverview(output);
            return args.Length == 0 ? ExitCodes.BadInput : ExitCodes.Success;
        }
        var command = Commands.FirstOrDefault(c => c.Name == args[0]);
        if (command is null)
        {
            error.WriteLine($"torchae: unknown command '{args[0]}'; commands: {string.Join(", ", Commands.Select(c => c.Name))}");
            return ExitCodes.BadInput;
        }
        var rest = args.Skip(1).ToArray();
        var own = rest.TakeWhile(a => a != "--").ToList();
        if (own.Contains("--help") || own.Contains("-h"))
        {
            PrintHelp(command, output);
            return ExitCodes.Success;
        }
        try
        {
            var parsed = new ParsedArgs(command.Options, rest, command.Positionals, command.Trailing is not null);
            return command.Run(parsed, output);
        }
        catch (Exception e) when (e is UsageException or OptionException or DataFormatException or ConfigException)
        {
            error.WriteLine($"torchae {command.Name}: {e.Message}");
            return ExitCodes.BadInput;
        }
        catch (Exception e) when (e is TorchUnavailableException or RunFailedException)
        {
            error.WriteLine($"torchae {command.Name}: {e.Message}");
            return ExitCodes.Failed;
        }
    }

    static void PrintOverview(TextWriter output)
    {
        output.WriteLine("torchae — sparse and stacked autoencoders on TorchSharp");
        output.WriteLine();
        output.WriteLine("usage: torchae COMMAND [options]     (torchae COMMAND --help for its options)");
        output.WriteLine();
        foreach (var c in Commands) output.WriteLine($"  {c.Name,-10} {c.Summary}");
        output.WriteLine();
        output.WriteLine("exit codes: 0 success, 1 training or check failed, 2 bad input, 130 interrupted (checkpoint kept)");
    }

    public static void PrintHelp(ICommand command, TextWriter output)
    {
        var positionals = string.Concat(command.Positionals.Select(p => $" {p.Name}"));
        var trailing = command.Trailing is { } t ? $" -- {t}" : "";
        output.WriteLine($"usage: torchae {command.Name}{positionals} [options]{trailing}");
        output.WriteLine();
        output.WriteLine(command.Summary);
        output.WriteLine();
        foreach (var p in command.Positionals)
        {
            var choices = p.Choices is null ? "" : $" ({string.Join(" | ", p.Choices)})";
            output.WriteLine($"  {p.Name,-24} {p.Help}{choices}");
        }
        foreach (var o in command.Options)
        {
            var head = o.IsFlag ? o.Name : $"{o.Name} VALUE";
            var tail = (o.Display ?? o.Default) is { } d ? $" (default: {d})" : "";
            output.WriteLine($"  {head,-24} {o.Help}{tail}");
        }
    }
}
