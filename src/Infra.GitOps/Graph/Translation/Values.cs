using System.Collections.Immutable;
using System.Globalization;
using Infra.GitOps.Model;

namespace Infra.GitOps.Graph.Translation;

/// <summary>Short constructors and readers of <see cref="PropertyValue"/>s for the translations.</summary>
internal static class Values
{
    /// <summary>An object of the given pairs; null values are left out.</summary>
    public static ObjectValue Obj(params (string Key, PropertyValue? Value)[] properties)
    {
        // From ObjectValue.Empty (ordinal order already): CreateBuilder(StringComparer.Ordinal) would allocate an
        // empty dictionary per object first.
        var builder = ObjectValue.Empty.Properties.ToBuilder();
        foreach (var (key, value) in properties)
        {
            if (value is not null)
            {
                builder[key] = value;
            }
        }

        return new ObjectValue(builder.ToImmutable());
    }

    public static ArrayValue Arr(IEnumerable<PropertyValue> items) => new([.. items]);

    public static ArrayValue Arr(params PropertyValue[] items) => new([.. items]);

    public static StringValue Str(string value) => new(value);

    // Values are immutable: the graph shares the common ones (every resource has a few booleans and small numbers).
    private static readonly BoolValue True = new(true);
    private static readonly BoolValue False = new(false);
    private static readonly NumberValue[] SmallIntegers = [.. Enumerable.Range(0, 1025).Select(i => new NumberValue(i))];

    public static NumberValue Num(double value) =>
        value >= 0 && value < SmallIntegers.Length && value == Math.Floor(value) && !double.IsNegative(value) ? SmallIntegers[(int)value] : new(value);

    public static BoolValue Bool(bool value) => value ? True : False;

    public static ReferenceValue Ref(Urn urn, string output) => new(urn, output);

    /// <summary>Copies <paramref name="extra"/>'s properties over <paramref name="target"/> (providerOptions).</summary>
    public static ObjectValue Merge(ObjectValue target, ObjectValue? extra)
    {
        if (extra is null || extra.Properties.Count == 0)
        {
            return target;
        }

        return new ObjectValue(target.Properties.SetItems(extra.Properties));
    }

    public static string? GetString(ObjectValue spec, string key) => spec[key] is StringValue s ? s.Value : null;

    public static bool GetBool(ObjectValue spec, string key, bool fallback) => spec[key] is BoolValue b ? b.Value : fallback;

    public static int? GetInt(ObjectValue spec, string key) =>
        spec[key] is NumberValue n && n.Value == Math.Floor(n.Value) && Math.Abs(n.Value) < int.MaxValue ? (int)n.Value : null;

    public static ObjectValue? GetObject(ObjectValue spec, string key) => spec[key] as ObjectValue;

    public static ImmutableArray<PropertyValue> GetArray(ObjectValue spec, string key) =>
        spec[key] is ArrayValue a ? a.Items : ImmutableArray<PropertyValue>.Empty;

    /// <summary>A scalar as text for interpolation, or null for arrays, objects and unresolved values.</summary>
    public static string? ScalarText(PropertyValue value) => value switch
    {
        StringValue s => s.Value,
        NumberValue n => n.ToString(),
        BoolValue b => b.ToString(),
        NullValue => string.Empty,
        _ => null,
    };

    /// <summary>Describes a value's kind for messages.</summary>
    public static string KindOf(PropertyValue value) => value switch
    {
        ArrayValue => "a list",
        ObjectValue => "an object",
        SecretValue => "a secret",
        _ => "a " + value.GetType().Name.Replace("Value", string.Empty, StringComparison.Ordinal).ToLower(CultureInfo.InvariantCulture),
    };

    /// <summary>Every <see cref="ReferenceValue"/> URN inside <paramref name="value"/> (duplicates included).</summary>
    public static void CollectReferences(PropertyValue value, List<Urn> into)
    {
        switch (value)
        {
            case ReferenceValue r:
                into.Add(r.Resource);
                break;
            case InterpolationValue i:
                foreach (var part in i.Parts)
                {
                    CollectReferences(part, into);
                }

                break;
            case SecretValue s:
                CollectReferences(s.Value, into);
                break;
            case ArrayValue a:
                foreach (var item in a.Items)
                {
                    CollectReferences(item, into);
                }

                break;
            case ObjectValue o:
                // Not Properties.Values: a LINQ projection, allocated per object.
                foreach (var (_, item) in o.Properties)
                {
                    CollectReferences(item, into);
                }

                break;
        }
    }
}
