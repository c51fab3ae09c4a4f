using System.Collections.Immutable;

namespace Infra.GitOps.Model;

/// <summary>An array of values; equality is element-wise.</summary>
public sealed record ArrayValue(ImmutableArray<PropertyValue> Items) : PropertyValue
{
    /// <summary>The empty array.</summary>
    public static ArrayValue Empty { get; } = new(ImmutableArray<PropertyValue>.Empty);

    /// <inheritdoc />
    public override bool IsKnown => Items.All(i => i.IsKnown);

    /// <inheritdoc />
    public override bool ContainsSecret => AnyContainsSecret(Items);

    /// <inheritdoc />
    public bool Equals(ArrayValue? other) =>
        other is not null && Items.AsSpan().SequenceEqual(other.Items.AsSpan());

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var item in Items)
        {
            hash.Add(item);
        }

        return hash.ToHashCode();
    }

    /// <inheritdoc />
    public override string ToString() => "[" + string.Join(", ", Items) + "]";
}
