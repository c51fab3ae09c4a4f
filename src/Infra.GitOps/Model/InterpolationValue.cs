using System.Collections.Immutable;

namespace Infra.GitOps.Model;

/// <summary>
/// A string mixing literal text and references (<c>"http://${web.ipAddress}:8080"</c>). Parts are
/// <see cref="StringValue"/> or <see cref="ReferenceValue"/>; once every reference is resolved the parts are
/// concatenated into a string (a secret if any part was).
/// </summary>
public sealed record InterpolationValue(ImmutableArray<PropertyValue> Parts) : PropertyValue
{
    /// <inheritdoc />
    public override bool IsKnown => false;

    /// <inheritdoc />
    public override bool ContainsSecret => AnyContainsSecret(Parts);

    /// <inheritdoc />
    public bool Equals(InterpolationValue? other) =>
        other is not null && Parts.AsSpan().SequenceEqual(other.Parts.AsSpan());

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var part in Parts)
        {
            hash.Add(part);
        }

        return hash.ToHashCode();
    }

    /// <inheritdoc />
    public override string ToString() => string.Concat(Parts.Select(p => p.ToString()));
}
