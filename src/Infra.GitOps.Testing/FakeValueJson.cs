using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Infra.GitOps.Model;

namespace Infra.GitOps.Testing;

/// <summary>Plain JSON for the fake cloud's files: a secret is <c>{"$secret": value}</c> so it reads back as one.</summary>
internal static class FakeValueJson
{
    private const string SecretKey = "$secret";

    public static JsonNode? ToNode(PropertyValue value) => value switch
    {
        NullValue => null,
        BoolValue b => JsonValue.Create(b.Value),
        NumberValue n => JsonValue.Create(n.Value),
        StringValue s => JsonValue.Create(s.Value),
        SecretValue s => new JsonObject { [SecretKey] = ToNode(s.Value) },
        ArrayValue a => new JsonArray(a.Items.Select(ToNode).ToArray()),
        ObjectValue o => ToObject(o),
        _ => JsonValue.Create(UnknownValue.Sentinel),
    };

    public static JsonObject ToObject(ObjectValue value)
    {
        var obj = new JsonObject();
        foreach (var (key, item) in value.Properties)
        {
            obj[key] = ToNode(item);
        }

        return obj;
    }

    public static PropertyValue FromNode(JsonNode? node) => node switch
    {
        null => NullValue.Instance,
        JsonObject o when o.Count == 1 && o.ContainsKey(SecretKey) => new SecretValue(FromNode(o[SecretKey])),
        JsonObject o => FromObject(o),
        JsonArray a => new ArrayValue(a.Select(FromNode).ToImmutableArray()),
        JsonValue v when v.TryGetValue<bool>(out var b) => new BoolValue(b),
        JsonValue v when v.TryGetValue<double>(out var d) => new NumberValue(d),
        JsonValue v => new StringValue(v.GetValue<string>()),
        _ => NullValue.Instance,
    };

    public static ObjectValue FromObject(JsonObject? node) =>
        node is null ? ObjectValue.Empty : ObjectValue.From(node.Select(p => KeyValuePair.Create(p.Key, FromNode(p.Value))));
}
