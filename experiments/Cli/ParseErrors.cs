using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;

namespace TorchAe.Cli;

/// <summary>The first of System.CommandLine's parse errors as torchae's one line: it names the option or argument and
/// the value (<c>unknown option --trian-count (did you mean --train-count?)</c>, <c>--rho needs a value</c>,
/// <c>--seed is given twice</c>). Suggestions come from the library's typo correction.</summary>
public static class ParseErrors
{
    public static string Describe(ParseResult result, IReadOnlyList<string> args)
    {
        var command = result.CommandResult.Command;
        foreach (var arg in args)
            if (arg.StartsWith("--", StringComparison.Ordinal) && arg.IndexOf('=') is > 2 and var eq
                && command.Options.FirstOrDefault(o => o.Name == arg[..eq]) is { Arity.MaximumNumberOfValues: 0 } flag)
                return $"{flag.Name} takes no value, got '{arg[(eq + 1)..]}'";

        // An option's or argument's own error first: in --rho --out DIR, DIR is left over only because --rho took --out.
        var error = result.Errors.FirstOrDefault(e => e.SymbolResult is OptionResult or ArgumentResult);
        if (error?.SymbolResult is OptionResult option)
        {
            if (option.Tokens.Count == 0) return $"{option.Option.Name} needs a value";
            if (option.Tokens.Count > option.Option.Arity.MaximumNumberOfValues) return $"{option.Option.Name} is given twice";
        }
        if (error?.SymbolResult is ArgumentResult { Tokens.Count: 0 } argument) return $"{argument.Argument.Name} is required (see --help)";
        if (error is not null) return error.Message;

        if (result.UnmatchedTokens.Count > 0)
        {
            var token = result.UnmatchedTokens[0];
            var suggestions = Suggestions(result, token);
            if (command is RootCommand)
            {
                var commands = string.Join(", ", command.Subcommands.Select(c => c.Name));
                return suggestions.Count > 0
                    ? $"unknown command '{token}' (did you mean {string.Join(" or ", suggestions)}?); commands: {commands}"
                    : $"unknown command '{token}'; commands: {commands}";
            }
            if (token.StartsWith('-'))
                return suggestions.Count > 0 ? $"unknown option {token} (did you mean {string.Join(" or ", suggestions)}?)" : $"unknown option {token} (see --help)";
            return $"unexpected argument '{token}' (options start with --; see --help)";
        }

        return command is RootCommand
            ? $"a command is needed; commands: {string.Join(", ", command.Subcommands.Select(c => c.Name))}"
            : result.Errors[0].Message;
    }

    /// <summary>The library's typo corrections for <paramref name="token"/>: options for an option, commands for a command.</summary>
    static IReadOnlyList<string> Suggestions(ParseResult result, string token)
    {
        if (result.Action is not ParseErrorAction action) return [];
        action.ShowHelp = false;
        action.ShowTypoCorrections = true;
        var text = new StringWriter();
        result.Invoke(new InvocationConfiguration { Output = text, Error = TextWriter.Null });
        var lines = text.ToString().Split('\n', StringSplitOptions.TrimEntries);
        int at = Array.FindIndex(lines, l => l.StartsWith($"'{token}' was not matched", StringComparison.Ordinal));
        if (at < 0) return [];
        bool option = token.StartsWith('-');
        // Only names that begin as the token does: the library also offers "mnist" for "fit".
        char first = token.TrimStart('-').FirstOrDefault();
        return lines.Skip(at + 1).TakeWhile(l => l.Length > 0 && !l.StartsWith('\''))
            .Where(l => option ? l.StartsWith("--", StringComparison.Ordinal) && l != "--help" : !l.StartsWith('-'))
            .Where(l => l.TrimStart('-').FirstOrDefault() == first)
            .ToList();
    }
}
