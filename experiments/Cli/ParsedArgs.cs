using System.Globalization;

namespace TorchAe.Cli;

/// <summary>Options of one command line, checked against the command's <see cref="OptionSpec"/>s, and its positional
/// arguments (any argument not starting with --, not taken as an option's value) checked against its
/// <see cref="PositionalSpec"/>s. Everything after a bare <c>--</c> is kept unparsed in <see cref="Trailing"/> when the
/// command takes a trailing command line (<c>torchae sweep … -- shapes …</c>), and refused otherwise. Typed getters throw <see cref="UsageException"/> naming the option, the value and
/// what is allowed.</summary>
public sealed class ParsedArgs
{
    readonly Dictionary<string, List<string>> values = new();
    readonly Dictionary<string, OptionSpec> specs;
    readonly Dictionary<string, string> positionals = new();

    public ParsedArgs(IReadOnlyList<OptionSpec> options, IReadOnlyList<string> args, IReadOnlyList<PositionalSpec>? positionalSpecs = null, bool takesTrailing = false)
    {
        specs = options.ToDictionary(o => o.Name);
        Raw = args.ToList();
        positionalSpecs ??= [];
        for (int i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--")
            {
                if (!takesTrailing) throw new UsageException("unexpected argument '--' (see --help)");
                Trailing = args.Skip(i + 1).ToList();
                break;
            }
            string name = arg;
            string? inline = null;
            if (arg.StartsWith("--", StringComparison.Ordinal) && arg.Contains('='))
            {
                name = arg[..arg.IndexOf('=')];
                inline = arg[(arg.IndexOf('=') + 1)..];
            }
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                if (positionals.Count == positionalSpecs.Count)
                    throw new UsageException($"unexpected argument '{arg}' (options start with --; see --help)");
                var positional = positionalSpecs[positionals.Count];
                if (positional.Choices is { } choices && !choices.Contains(arg, StringComparer.Ordinal))
                    throw new UsageException($"{positional.Name} must be one of {string.Join(", ", choices)}, got '{arg}'");
                positionals[positional.Name] = arg;
                continue;
            }
            if (!specs.TryGetValue(name, out var spec))
                throw new UsageException($"unknown option {name} (see --help)");
            string value;
            if (spec.IsFlag)
            {
                if (inline is not null) throw new UsageException($"{name} takes no value, got '{inline}'");
                value = "true";
            }
            else if (inline is not null) value = inline;
            else if (i + 1 < args.Count && args[i + 1] != "--" && !(args[i + 1].StartsWith("--", StringComparison.Ordinal) && args[i + 1].Length > 2 && !char.IsDigit(args[i + 1][2]))) value = args[++i];
            else throw new UsageException($"{name} needs a value");
            if (!values.TryGetValue(name, out var list)) values[name] = list = new List<string>();
            else if (!spec.Repeatable) throw new UsageException($"{name} is given twice");
            list.Add(value);
        }
    }

    /// <summary>The positional argument <paramref name="name"/>; throws <see cref="UsageException"/> when absent.</summary>
    public string Positional(string name) =>
        positionals.TryGetValue(name, out var v) ? v : throw new UsageException($"{name} is required (see --help)");

    /// <summary>The arguments after a bare <c>--</c>, as given; empty when there was none.</summary>
    public IReadOnlyList<string> Trailing { get; } = [];

    /// <summary>Every value of a repeatable option, as given (not split at commas).</summary>
    public IReadOnlyList<string> Each(string name) => values.TryGetValue(Known(name), out var v) ? v : [];

    /// <summary>The arguments as given (after the command name), for the record of a run.</summary>
    public IReadOnlyList<string> Raw { get; }

    public bool Has(string name) => values.ContainsKey(Known(name));
    public bool Flag(string name) => Has(name);

    public string? String(string name) => values.TryGetValue(Known(name), out var v) ? v[^1] : specs[name].Default;

    public string Require(string name) => String(name) ?? throw new UsageException($"{name} is required (see --help)");

    public IReadOnlyList<string> All(string name) =>
        values.TryGetValue(Known(name), out var v) ? v.SelectMany(s => s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList()
        : specs[name].Default is { } d ? d.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : Array.Empty<string>();

    public int? Int(string name, int min = int.MinValue, int max = int.MaxValue)
    {
        var text = String(name);
        if (text is null) return null;
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) || v < min || v > max)
            throw new UsageException($"{name} must be an integer{Range(min, max)}, got '{text}'");
        return v;
    }

    public double? Double(string name)
    {
        var text = String(name);
        if (text is null) return null;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
            throw new UsageException($"{name} must be a number, got '{text}'");
        return v;
    }

    public IReadOnlyList<double> Doubles(string name) => All(name).Select(text =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v
        : throw new UsageException($"{name} must be a comma-separated list of numbers, got '{text}'")).ToList();

    public T Choice<T>(string name, IReadOnlyDictionary<string, T> choices)
    {
        var text = Require(name);
        return choices.TryGetValue(text.ToLowerInvariant(), out var v) ? v
            : throw new UsageException($"{name} must be one of {string.Join(", ", choices.Keys)}, got '{text}'");
    }

    string Known(string name) => specs.ContainsKey(name) ? name : throw new InvalidOperationException($"option {name} is not declared");

    static string Range(int min, int max) => (min, max) switch
    {
        (int.MinValue, int.MaxValue) => "",
        (_, int.MaxValue) => $" >= {min}",
        _ => $" in [{min}, {max}]",
    };
}
