using System.CommandLine;
using System.Globalization;
using TorchAe.Options;

namespace TorchAe.Cli;

/// <summary>Typed options of the command line, on System.CommandLine: each has a placeholder that says what it takes
/// (N, F, DIR, FILE, LIST, or the choices), its default in the help text, and a parser whose message names the
/// option, the value and what is allowed (<c>--epochs must be an integer &gt;= 1, got '0'</c>).</summary>
public static class CliOption
{
    public static Option<int> Int(string name, string help, object? @default = null, int min = int.MinValue, int max = int.MaxValue, string placeholder = "N") =>
        Make<int>(name, help, @default, placeholder, text =>
            int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= min && v <= max ? v
            : throw new FormatException($"{name} must be an integer{Range(min, max)}, got '{text}'"));

    public static Option<double> Double(string name, string help, object? @default = null, string placeholder = "F") =>
        Make<double>(name, help, @default, placeholder, text =>
            double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v
            : throw new FormatException($"{name} must be a number, got '{text}'"));

    public static Option<string> Text(string name, string help, object? @default = null, string placeholder = "TEXT") =>
        Make<string>(name, help, @default, placeholder, text => text);

    /// <summary>One of an enum's values, by the names config.json uses (<see cref="EnumText"/>).</summary>
    /// <param name="default">The value --help shows: a <typeparamref name="T"/> (shown by its name) or a text.</param>
    public static Option<T> Choice<T>(string name, string help, object? @default = null) where T : struct, Enum
    {
        var names = EnumText.Names<T>();
        var option = Make<T>(name, help, @default is T d ? EnumText.Name(d) : @default, string.Join("|", names), text =>
        {
            try { return EnumText.Parse<T>(text, name); }
            catch (OptionException e) { throw new FormatException(e.Message); }
        });
        option.CompletionSources.Clear();   // the library offers the C# names (Cpu) too
        option.CompletionSources.Add(names.ToArray());
        return option;
    }

    /// <summary>A comma-separated list; the option may also be repeated (<c>--image a.pgm --image b.pgm,c.pgm</c>).</summary>
    public static Option<IReadOnlyList<T>> List<T>(string name, string help, Func<string, T> parse, object? @default = null, string placeholder = "LIST")
    {
        var option = new Option<IReadOnlyList<T>>(name)
        {
            Description = Described(help, @default),
            HelpName = placeholder,
            Arity = ArgumentArity.OneOrMore,
            AllowMultipleArgumentsPerToken = false,
            CustomParser = result =>
            {
                try
                {
                    return result.Tokens.SelectMany(t => ValueOf(name, t.Value).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                        .Select(parse).ToList();
                }
                catch (FormatException e)
                {
                    result.AddError(e.Message);
                    return [];
                }
            },
        };
        return option;
    }

    /// <summary>A repeatable option whose every occurrence is one value, commas included (<c>--vary rho=0.05,0.25 --vary …</c>).</summary>
    public static Option<IReadOnlyList<string>> Each(string name, string help, string placeholder) => new(name)
    {
        Description = help,
        HelpName = placeholder,
        Arity = ArgumentArity.OneOrMore,
        AllowMultipleArgumentsPerToken = false,
        CustomParser = result =>
        {
            try { return result.Tokens.Select(t => ValueOf(name, t.Value)).ToList(); }
            catch (FormatException e)
            {
                result.AddError(e.Message);
                return [];
            }
        },
    };

    /// <summary>Whether <paramref name="option"/> is a switch (takes no value).</summary>
    public static bool IsFlag(this Option option) => option.Arity.MaximumNumberOfValues == 0;

    /// <summary>A switch: present or absent, never given a value.</summary>
    public static Option<bool> Flag(string name, string help) => new(name) { Description = help, Arity = ArgumentArity.Zero };

    /// <summary>Whether the command line gave <paramref name="option"/> (not just its default).</summary>
    public static bool Given(this ParseResult args, Option option) => args.GetResult(option) is { Implicit: false };

    /// <summary>The value given, or null when the option is absent.</summary>
    public static T? Value<T>(this ParseResult args, Option<T> option) where T : struct =>
        args.Given(option) ? args.GetValue(option) : null;

    public static string? Text(this ParseResult args, Option<string> option) =>
        args.Given(option) ? args.GetValue(option) : null;

    public static IReadOnlyList<T> Values<T>(this ParseResult args, Option<IReadOnlyList<T>> option) =>
        args.Given(option) ? args.GetValue(option) ?? [] : [];

    /// <summary>A field error of a record in the words of the command line: <c>rho must be …</c> becomes
    /// <c>--rho must be …</c>, <c>--batch_size</c> becomes <c>--batch-size</c>.</summary>
    public static UsageException AsUsage(OptionException e)
    {
        var option = "--" + e.Field.TrimStart('-').Replace('_', '-');
        return new UsageException(e.Message.StartsWith(e.Field, StringComparison.Ordinal) ? option + e.Message[e.Field.Length..] : e.Message);
    }

    static Option<T> Make<T>(string name, string help, object? @default, string placeholder, Func<string, T> parse) => new(name)
    {
        Description = Described(help, @default),
        HelpName = placeholder,
        CustomParser = result =>
        {
            try { return parse(ValueOf(name, result.Tokens[^1].Value)); }
            catch (FormatException e)
            {
                result.AddError(e.Message);
                return default!;
            }
        },
    };

    /// <summary>An option's value must not look like another option: <c>--rho --beta 3</c> lacks ρ.</summary>
    static string ValueOf(string name, string token) =>
        token.StartsWith("--", StringComparison.Ordinal) && token.Length > 2 && !char.IsDigit(token[2]) ? throw new FormatException($"{name} needs a value") : token;

    static string Described(string help, object? @default) => @default switch
    {
        null => help,
        double d => $"{help} [default: {d.ToString("R", CultureInfo.InvariantCulture)}]",
        _ => $"{help} [default: {Convert.ToString(@default, CultureInfo.InvariantCulture)}]",
    };

    static string Range(int min, int max) => (min, max) switch
    {
        (int.MinValue, int.MaxValue) => "",
        (_, int.MaxValue) => $" >= {min}",
        _ => $" in [{min}, {max}]",
    };
}
