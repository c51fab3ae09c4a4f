using System.Collections.Immutable;
using Infra.GitOps.Model;

namespace Infra.GitOps.LifecycleTests.Support;

/// <summary>Short constructors for property values.</summary>
internal static class Values
{
    public static ObjectValue Obj(params (string Key, PropertyValue Value)[] properties) =>
        ObjectValue.From(properties.Select(p => KeyValuePair.Create(p.Key, p.Value)));

    public static StringValue Str(string value) => new(value);

    public static NumberValue Num(double value) => new(value);

    public static ArrayValue Arr(params PropertyValue[] items) => new(items.ToImmutableArray());

    public static SecretValue Secret(string value) => new(new StringValue(value));

    public static ReferenceValue Ref(Urn resource, string output) => new(resource, output);

    public static InterpolationValue Interp(params PropertyValue[] parts) => new(parts.ToImmutableArray());
}
