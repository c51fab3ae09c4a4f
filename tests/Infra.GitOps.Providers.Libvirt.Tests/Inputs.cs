using System.Collections.Immutable;
using Infra.GitOps.Model;

namespace Infra.GitOps.Providers.Libvirt.Tests;

/// <summary>Short constructors for property values in tests.</summary>
public static class Inputs
{
    public static ObjectValue Object(params (string Name, PropertyValue Value)[] properties) =>
        ObjectValue.From(properties.Select(p => KeyValuePair.Create(p.Name, p.Value)));

    public static PropertyValue Text(string value) => new StringValue(value);

    public static PropertyValue Number(double value) => new NumberValue(value);

    public static PropertyValue Flag(bool value) => new BoolValue(value);

    public static PropertyValue List(params PropertyValue[] items) => new ArrayValue(items.ToImmutableArray());

    public static string String(ObjectValue values, string name) => ((StringValue)values[name]!).Value;

    public static double Number(ObjectValue values, string name) => ((NumberValue)values[name]!).Value;

    public static bool Flag(ObjectValue values, string name) => ((BoolValue)values[name]!).Value;
}
