using System.Collections.Immutable;

namespace Infra.GitOps.Model;

/// <summary>
/// An object: property names to values, kept in ordinal order so that serialisation is deterministic.
/// Equality is by content.
/// </summary>
public sealed record ObjectValue(ImmutableSortedDictionary<string, PropertyValue> Properties) : PropertyValue
{
    /// <summary>The empty object.</summary>
    public static ObjectValue Empty { get; } = new(ImmutableSortedDictionary.Create<string, PropertyValue>(StringComparer.Ordinal));

    /// <summary>Creates an object from pairs.</summary>
    public static ObjectValue From(IEnumerable<KeyValuePair<string, PropertyValue>> properties) =>
        new(properties.ToImmutableSortedDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal));

    /// <summary>The value of a property, or null when absent.</summary>
    public PropertyValue? this[string name] => Properties.GetValueOrDefault(name);

    /// <summary>A copy with the property set.</summary>
    public ObjectValue With(string name, PropertyValue value) => new(Properties.SetItem(name, value));

    /// <inheritdoc />
    public override bool IsKnown
    {
        get
        {
            // Not Properties.Values: a LINQ projection, allocated per call.
            foreach (var (_, value) in Properties)
            {
                if (!value.IsKnown)
                {
                    return false;
                }
            }

            return true;
        }
    }

    /// <inheritdoc />
    public override bool ContainsSecret
    {
        get
        {
            foreach (var (_, value) in Properties)
            {
                if (value.ContainsSecret)
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <inheritdoc />
    public bool Equals(ObjectValue? other)
    {
        if (other is null || other.Properties.Count != Properties.Count)
        {
            return false;
        }

        foreach (var (key, value) in Properties)
        {
            if (!other.Properties.TryGetValue(key, out var otherValue) || !value.Equals(otherValue))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var (key, value) in Properties)
        {
            hash.Add(key, StringComparer.Ordinal);
            hash.Add(value);
        }

        return hash.ToHashCode();
    }

    /// <inheritdoc />
    public override string ToString() =>
        "{" + string.Join(", ", Properties.Select(p => $"{p.Key}: {p.Value}")) + "}";
}
