using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace TorchAe.Options;

/// <summary>The one spelling of every enum value a user types or reads: the name as config.json writes it (snake_case
/// lower, or its <see cref="JsonStringEnumMemberNameAttribute"/>), e.g. <c>lbfgs</c>, <c>float32</c>, <c>msesparse</c>.
/// The command line and the JSON reader both parse through these names.</summary>
internal static class EnumText
{
    public static string Name<T>(T value) where T : struct, Enum => Name(typeof(T), value.ToString());

    public static IReadOnlyList<string> Names<T>() where T : struct, Enum => Names(typeof(T));

    public static IReadOnlyList<string> Names(Type enumType) => Enum.GetNames(enumType).Select(n => Name(enumType, n)).ToList();

    static string Name(Type enumType, string member) =>
        enumType.GetField(member)?.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name
        ?? JsonNamingPolicy.SnakeCaseLower.ConvertName(member);

    /// <summary>The value named <paramref name="text"/> (case-insensitive) among those <paramref name="allowed"/> lets
    /// through (all when null); throws <see cref="OptionException"/> naming <paramref name="field"/> and the allowed
    /// names otherwise.</summary>
    public static T Parse<T>(string text, string field, Func<T, bool>? allowed = null) where T : struct, Enum
    {
        var values = Enum.GetValues<T>().Where(v => allowed?.Invoke(v) ?? true).ToList();
        return values.Cast<T?>().FirstOrDefault(v => string.Equals(Name(v!.Value), text.Trim(), StringComparison.OrdinalIgnoreCase))
            ?? throw new OptionException(field, text, "one of " + string.Join(", ", values.Select(Name)));
    }
}
