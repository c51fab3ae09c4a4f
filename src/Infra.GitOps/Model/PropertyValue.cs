using System.Collections.Immutable;

namespace Infra.GitOps.Model;

/// <summary>
/// A value of a resource's inputs or outputs, as in Pulumi's <c>PropertyValue</c>: null, bool, number,
/// string, array, object, plus three kinds that only exist in the engine: <see cref="SecretValue"/> (encrypted
/// at rest, shown as <c>[secret]</c>), <see cref="UnknownValue"/> (known after apply) and
/// <see cref="ReferenceValue"/> / <see cref="InterpolationValue"/> (another resource's output, resolved when
/// that resource has been applied). Values are immutable and compare structurally.
/// </summary>
public abstract record PropertyValue
{
    /// <summary>The JSON null.</summary>
    public static PropertyValue Null => NullValue.Instance;

    /// <summary>True when neither this value nor anything inside it is unknown or an unresolved reference.</summary>
    public abstract bool IsKnown { get; }

    /// <summary>True when this value is or contains a <see cref="SecretValue"/>.</summary>
    public abstract bool ContainsSecret { get; }

    /// <summary>Creates a string value.</summary>
    public static PropertyValue Of(string value) => new StringValue(value);

    /// <summary>Creates a number value.</summary>
    public static PropertyValue Of(double value) => new NumberValue(value);

    /// <summary>Creates a bool value.</summary>
    public static PropertyValue Of(bool value) => new BoolValue(value);

    /// <summary>True when any of <paramref name="values"/> contains a secret (a loop: this runs over whole states).</summary>
    private protected static bool AnyContainsSecret(ImmutableArray<PropertyValue> values)
    {
        foreach (var value in values)
        {
            if (value.ContainsSecret)
            {
                return true;
            }
        }

        return false;
    }
}
