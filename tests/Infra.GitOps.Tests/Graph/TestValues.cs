using NUnit.Framework;
using System.Collections;
using System.Collections.Immutable;
using System.Reflection;
using Infra.GitOps.Model;

namespace Infra.GitOps.Tests.Graph;

/// <summary>Turns C# literals (anonymous objects, dictionaries, arrays, scalars) into <see cref="PropertyValue"/>s,
/// the shape the YAML loader produces.</summary>
internal static class TestValues
{
    public static PropertyValue From(object? value) => value switch
    {
        null => PropertyValue.Null,
        PropertyValue p => p,
        string s => new StringValue(s),
        bool b => new BoolValue(b),
        int i => new NumberValue(i),
        long l => new NumberValue(l),
        double d => new NumberValue(d),
        IDictionary<string, object?> map => ObjectValue.From(map.Select(p => KeyValuePair.Create(p.Key, From(p.Value)))),
        IEnumerable items => new ArrayValue(items.Cast<object?>().Select(From).ToImmutableArray()),
        _ => ObjectValue.From(value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => KeyValuePair.Create(p.Name, From(p.GetValue(value))))),
    };

    public static ObjectValue Object(object? value) => value is null ? ObjectValue.Empty : (ObjectValue)From(value);
}
