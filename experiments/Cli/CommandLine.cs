using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using TorchAe.IO;
using TorchAe.Experiments;
using TorchAe.Options;
using TorchAe.Runtime;

namespace TorchAe.Cli;

/// <summary>Dispatches <c>torchae COMMAND [options]</c> through System.CommandLine (help, typo suggestions, shell
/// completion via its [suggest] directive) and keeps torchae's contract: a parse error or bad input (option, config
/// field, data file) is one stderr line and exit code 2; libtorch not loadable or training diverged is one line and
/// exit code 1. No stack trace reaches the user.</summary>
public static class CommandLine
{
    public static IReadOnlyList<ICommand> Commands { get; } = typeof(CommandLine).Assembly.GetTypes()
        .Where(t => typeof(ICommand).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false } && t.GetConstructor(Type.EmptyTypes) is not null)
        .Select(t => (ICommand)Activator.CreateInstance(t)!)
        .OrderBy(c => c.Name, StringComparer.Ordinal)
        .ToList();

    const string Description = """
        torchae — sparse and stacked autoencoders on TorchSharp

        torchae help COMMAND (or torchae COMMAND --help) lists a command's options; torchae --version names the versions.
        exit codes: 0 success, 1 training or check failed, 2 bad input, 130 interrupted (checkpoint kept)
        """;

    static readonly Lazy<(RootCommand Root, Dictionary<Command, ICommand> ByCommand)> Tree = new(Build);

    static (RootCommand, Dictionary<Command, ICommand>) Build()
    {
        var root = new RootCommand(Description) { HelpName = "torchae" };
        var byCommand = new Dictionary<Command, ICommand>();
        foreach (var c in Commands)
        {
            var command = new Command(c.Name, c.Summary);
            foreach (var symbol in c.Symbols)
            {
                if (symbol is Option o) command.Add(o);
                else if (symbol is Argument a) command.Add(a);
            }
            root.Add(command);
            byCommand[command] = c;
        }
        return (root, byCommand);
    }

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        // torchae speaks English; the parser's own texts (help, typo corrections) are localised by the UI culture.
        using var english = new InvariantUiCulture();
        var (root, byCommand) = Tree.Value;
        if (args is ["help", var topic]) args = [topic, "--help"];
        bool bare = args.Length == 0;
        if (args is [] or ["help"]) args = ["--help"];
        var result = root.Parse(args);
        bool clean = result.Errors.Count == 0 && result.UnmatchedTokens.Count == 0;
        bool version = result.GetResult(root.Options.OfType<VersionOption>().Single()) is not null;
        if (version && clean)
        {
            output.WriteLine(Version());   // torchae's own text: the library's prints the assembly version alone
            return ExitCodes.Success;
        }
        // Directives run the library's own action: [suggest] (shell completion through dotnet-suggest).
        if (!version && result.Action is not (null or HelpAction or ParseErrorAction))
            return result.Invoke(new InvocationConfiguration { Output = output, Error = error });
        if (result.Action is HelpAction && clean)
        {
            result.Invoke(new InvocationConfiguration { Output = output, Error = error });
            return bare ? ExitCodes.BadInput : ExitCodes.Success;
        }
        // help for something misspelled: the misspelling is the answer (with the parser's suggestion).
        if (result.Action is HelpAction) result = root.Parse(args.Where(a => a is not ("--help" or "-h" or "-?")).ToArray());
        var name = result.CommandResult.Command is RootCommand ? "torchae" : $"torchae {result.CommandResult.Command.Name}";
        if (result.Errors.Count > 0 || result.UnmatchedTokens.Count > 0)
        {
            error.WriteLine($"{name}: {ParseErrors.Describe(result, args)}");
            return ExitCodes.BadInput;
        }
        var command = byCommand[result.CommandResult.Command];
        try
        {
            return command.Run(result, output);
        }
        catch (Exception e) when (e is UsageException or OptionException or DataFormatException or ConfigException or RunFolderException)
        {
            error.WriteLine($"{name}: {e.Message}");
            return ExitCodes.BadInput;
        }
        catch (Exception e) when (e is TorchUnavailableException or RunFailedException or RunDivergedException)
        {
            error.WriteLine($"{name}: {e.Message}");
            return ExitCodes.Failed;
        }
    }

    /// <summary>Sets the invariant UI culture until disposed, then puts the caller's back.</summary>
    readonly struct InvariantUiCulture : IDisposable
    {
        readonly System.Globalization.CultureInfo caller;

        public InvariantUiCulture()
        {
            caller = System.Globalization.CultureInfo.CurrentUICulture;
            System.Globalization.CultureInfo.CurrentUICulture = System.Globalization.CultureInfo.InvariantCulture;
        }

        public void Dispose() => System.Globalization.CultureInfo.CurrentUICulture = caller;
    }

    /// <summary>torchae's version and commit, TorchSharp's version and libtorch's (or why libtorch cannot be loaded).</summary>
    static string Version()
    {
        string libtorch;
        try { libtorch = BuildInfo.LibtorchVersion; }
        catch (TorchUnavailableException e) { libtorch = $"not loadable ({e.Message})"; }
        return $"torchae {BuildInfo.Version} (commit {BuildInfo.Commit})\nTorchSharp {BuildInfo.TorchSharpVersion} ({TorchRuntime.Backend} build)\nlibtorch {libtorch}";
    }
}
