namespace TorchAe.Options;

/// <summary>Range checks used by the options records; each throws <see cref="OptionException"/> naming the field.</summary>
internal static class Check
{
    public static double OpenUnit(double value, string field) =>
        value > 0 && value < 1 ? value : throw new OptionException(field, value, "in (0, 1)");

    public static double NonNegative(double value, string field) =>
        double.IsFinite(value) && value >= 0 ? value : throw new OptionException(field, value, "a finite number >= 0");

    public static double Positive(double value, string field) =>
        double.IsFinite(value) && value > 0 ? value : throw new OptionException(field, value, "a finite number > 0");

    public static int Positive(int value, string field) =>
        value > 0 ? value : throw new OptionException(field, value, "an integer > 0");

    public static int NonNegative(int value, string field) =>
        value >= 0 ? value : throw new OptionException(field, value, "an integer >= 0");

    /// <summary>A count with a sane upper bound: refused above <paramref name="maximum"/> before anything is allocated for it.</summary>
    public static int AtMost(int value, int maximum, string field) =>
        value <= maximum ? value : throw new OptionException(field, value, $"an integer <= {maximum}");

    public static int AtLeast(int value, int minimum, string field) =>
        value >= minimum ? value : throw new OptionException(field, value, $"an integer >= {minimum}");

    public static double InRange(double value, double min, double max, string field) =>
        double.IsFinite(value) && value >= min && value <= max ? value : throw new OptionException(field, value, $"in [{min}, {max}]");
}
