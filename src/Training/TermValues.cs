using System.Collections;

namespace TorchAe.Training;

/// <summary>The weighted values of a stage's objective terms in one metrics row, by term name (= metrics.csv column), in
/// the order the objective sums them. Equal when the same names carry the same values in the same order.</summary>
public sealed class TermValues : IReadOnlyList<(string Name, double Value)>, IEquatable<TermValues>
{
    readonly (string Name, double Value)[] values;

    /// <summary>The values, in order; a name appears once.</summary>
    public TermValues(IEnumerable<(string Name, double Value)> values)
    {
        this.values = [.. values];
        if (this.values.Select(v => v.Name).Distinct().Count() != this.values.Length)
            throw new ArgumentException($"a term name appears twice: {string.Join(", ", this.values.Select(v => v.Name))}", nameof(values));
    }

    /// <summary>The values, in order.</summary>
    public TermValues(params (string Name, double Value)[] values) : this((IEnumerable<(string Name, double Value)>)values) { }

    /// <summary>No terms (stages whose objective is not split into terms).</summary>
    public static TermValues Empty { get; } = new([]);

    /// <summary>The value of the term <paramref name="name"/>, or null when the stage's objective does not have it.</summary>
    public double? this[string name] => values.FirstOrDefault(v => v.Name == name) is { Name: not null } v ? v.Value : null;

    /// <inheritdoc/>
    public (string Name, double Value) this[int index] => values[index];
    /// <inheritdoc/>
    public int Count => values.Length;
    /// <inheritdoc/>
    public IEnumerator<(string Name, double Value)> GetEnumerator() => ((IEnumerable<(string, double)>)values).GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc/>
    public bool Equals(TermValues? other) => other is not null && values.SequenceEqual(other.values);
    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as TermValues);
    /// <inheritdoc/>
    public override int GetHashCode() => values.Aggregate(0, (h, v) => HashCode.Combine(h, v.Name, v.Value));
    /// <inheritdoc/>
    public override string ToString() => string.Join(", ", values.Select(v => $"{v.Name} = {v.Value}"));
}
