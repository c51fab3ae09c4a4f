using System.Text.Json.Nodes;
using Infra.GitOps.Model;

namespace Infra.GitOps.Engine.Planning;

/// <summary>Property values as masked JSON for plans: secrets are <c>"[secret]"</c>, unknowns and unresolved
/// references are Pulumi's unknown sentinel.</summary>
internal static class PropertyValueJson
{
    public static JsonNode? ToMaskedNode(PropertyValue? value) => value switch
    {
        null or NullValue => null,
        BoolValue b => JsonValue.Create(b.Value),
        NumberValue n => JsonValue.Create(n.Value),
        StringValue s => JsonValue.Create(s.Value),
        SecretValue => JsonValue.Create(SecretValue.Mask),
        ArrayValue a => new JsonArray(a.Items.Select(ToMaskedNode).ToArray()),
        ObjectValue o => ToMaskedObject(o),
        _ => JsonValue.Create(UnknownValue.Sentinel),
    };

    public static JsonObject ToMaskedObject(ObjectValue value)
    {
        var obj = new JsonObject();
        foreach (var (key, item) in value.Properties)
        {
            obj[key] = ToMaskedNode(item);
        }

        return obj;
    }

    /// <summary>True when <paramref name="actual"/> is what <paramref name="allowed"/> allows: an unknown sentinel in
    /// <paramref name="allowed"/> allows anything, and so does one in <paramref name="actual"/> when
    /// <paramref name="actualUnknownAllowed"/> (it is checked again once known).</summary>
    public static bool Allows(JsonNode? allowed, JsonNode? actual, bool actualUnknownAllowed)
    {
        if (IsUnknown(allowed) || (actualUnknownAllowed && IsUnknown(actual)))
        {
            return true;
        }

        switch (allowed, actual)
        {
            case (JsonObject a, JsonObject b):
                if (a.Count != b.Count)
                {
                    return false;
                }

                foreach (var (key, value) in a)
                {
                    if (!b.TryGetPropertyValue(key, out var other) || !Allows(value, other, actualUnknownAllowed))
                    {
                        return false;
                    }
                }

                return true;
            case (JsonArray a, JsonArray b):
                if (a.Count != b.Count)
                {
                    return false;
                }

                for (var i = 0; i < a.Count; i++)
                {
                    if (!Allows(a[i], b[i], actualUnknownAllowed))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return JsonNode.DeepEquals(allowed, actual);
        }
    }

    private static bool IsUnknown(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<string>(out var s) && s == UnknownValue.Sentinel;
}
