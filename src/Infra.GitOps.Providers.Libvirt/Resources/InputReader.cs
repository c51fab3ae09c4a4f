using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Infra.GitOps.Model;

namespace Infra.GitOps.Providers.Libvirt.Resources;

/// <summary>
/// Reads a resource's inputs, collecting every problem as a <see cref="CheckFailure"/> on the top-level
/// property concerned (one pass, no exceptions). Secrets are read through; unknown values (preview) are
/// reported by <see cref="IsUnknown"/> and skipped by the typed readers, which then return null.
/// </summary>
internal sealed partial class InputReader
{
    /// <summary>Longest libvirt object name we accept.</summary>
    public const int MaxNameLength = 128;

    private readonly ObjectValue inputs;
    private readonly ImmutableArray<CheckFailure>.Builder failures = ImmutableArray.CreateBuilder<CheckFailure>();

    public InputReader(ObjectValue inputs)
    {
        this.inputs = inputs;
    }

    public ImmutableArray<CheckFailure> Failures => failures.ToImmutable();

    public bool HasFailures => failures.Count > 0;

    public void Fail(string? property, string reason) => failures.Add(new CheckFailure(property, reason));

    public bool IsUnknown(string name) => inputs[name] is { IsKnown: false };

    public PropertyValue? Raw(string name) => Unwrap(inputs[name]);

    public string? String(string name, bool required)
    {
        switch (Raw(name))
        {
            case null or NullValue:
                if (required)
                {
                    Fail(name, $"'{name}' is required");
                }

                return null;
            case StringValue s:
                return s.Value;
            case { IsKnown: false }:
                return null;
            default:
                Fail(name, $"'{name}' must be a string");
                return null;
        }
    }

    public string? Name(string name = "name")
    {
        var value = String(name, required: true);
        if (value is not null && !IsValidName(value))
        {
            Fail(name, $"'{value}' is not a valid libvirt name: use 1 to {MaxNameLength} characters from a-z, A-Z, 0-9, '.', '_' and '-', starting with a letter or digit");
            return null;
        }

        return value;
    }

    public long? Integer(string name, bool required, long min, long max)
    {
        switch (Raw(name))
        {
            case null or NullValue:
                if (required)
                {
                    Fail(name, $"'{name}' is required");
                }

                return null;
            case NumberValue n when n.Value == Math.Floor(n.Value) && n.Value >= min && n.Value <= max:
                return (long)n.Value;
            case NumberValue n:
                Fail(name, $"'{name}' must be a whole number from {min} to {max}, got {n}");
                return null;
            case { IsKnown: false }:
                return null;
            default:
                Fail(name, $"'{name}' must be a number");
                return null;
        }
    }

    public bool? Bool(string name, bool defaultValue)
    {
        switch (Raw(name))
        {
            case null or NullValue:
                return defaultValue;
            case BoolValue b:
                return b.Value;
            case { IsKnown: false }:
                return null;
            default:
                Fail(name, $"'{name}' must be true or false");
                return null;
        }
    }

    public ImmutableArray<PropertyValue>? Array(string name)
    {
        switch (Raw(name))
        {
            case null or NullValue:
                return ImmutableArray<PropertyValue>.Empty;
            case ArrayValue a:
                return a.Items.Select(Unwrap).ToImmutableArray()!;
            case { IsKnown: false }:
                return null;
            default:
                Fail(name, $"'{name}' must be a list");
                return null;
        }
    }

    public static bool IsValidName(string value) => value.Length <= MaxNameLength && NamePattern().IsMatch(value);

    public static PropertyValue? Unwrap(PropertyValue? value) => value is SecretValue secret ? Unwrap(secret.Value) : value;

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}
