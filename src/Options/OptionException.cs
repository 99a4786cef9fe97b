namespace TorchAe.Options;

/// <summary>A user-facing value (option, config field, file field) that is not allowed. The message names the field,
/// the value and what is allowed, e.g. <c>rho must be in (0, 1), got 1.5</c>.</summary>
public sealed class OptionException : ArgumentException
{
    /// <summary>"<paramref name="field"/> must be <paramref name="allowed"/>, got <paramref name="value"/>".</summary>
    public OptionException(string field, object? value, string allowed)
        : base($"{field} must be {allowed}, got {Format(value)}")
    {
        Field = field;
        Value = value;
    }

    /// <summary>The option or field that was refused, as the user spells it (e.g. <c>rho</c>, <c>layers[1].hidden</c>).</summary>
    public string Field { get; }

    /// <summary>The refused value, so that a reader can find where it stands (e.g. its JSON path).</summary>
    public object? Value { get; }

    static string Format(object? value) => value switch
    {
        null => "nothing",
        double d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        string s => $"'{s}'",
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
    };
}
