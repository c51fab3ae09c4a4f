using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Infra.GitOps.Model;

namespace Infra.GitOps.Reconciler.Status;

/// <summary>Turns outputs into display strings for the status file: secrets anywhere inside become <c>[secret]</c>.</summary>
public static class OutputRendering
{
    /// <summary>Renders each output: strings as they are, everything else as JSON; secrets masked.</summary>
    public static ImmutableSortedDictionary<string, string> Mask(IEnumerable<KeyValuePair<string, PropertyValue>> outputs)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        return outputs.ToImmutableSortedDictionary(o => o.Key, o => Render(o.Value), StringComparer.Ordinal);
    }

    /// <summary>One value: a plain string for a string, <c>[secret]</c> for a secret, JSON otherwise.</summary>
    public static string Render(PropertyValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        switch (value)
        {
            case StringValue text:
                return text.Value;
            case SecretValue:
                return SecretValue.Mask;
            default:
                using (var buffer = new MemoryStream())
                {
                    using (var writer = new Utf8JsonWriter(buffer))
                    {
                        Write(writer, value);
                    }

                    return Encoding.UTF8.GetString(buffer.ToArray());
                }
        }
    }

    private static void Write(Utf8JsonWriter writer, PropertyValue value)
    {
        switch (value)
        {
            case SecretValue:
                writer.WriteStringValue(SecretValue.Mask);
                break;
            case StringValue text:
                writer.WriteStringValue(text.Value);
                break;
            case NumberValue number when !double.IsFinite(number.Value):
                writer.WriteStringValue(number.Value.ToString(CultureInfo.InvariantCulture));
                break;
            case NumberValue number:
                writer.WriteRawValue(number.Value.ToString("R", CultureInfo.InvariantCulture));
                break;
            case BoolValue boolean:
                writer.WriteBooleanValue(boolean.Value);
                break;
            case ArrayValue array:
                writer.WriteStartArray();
                foreach (var item in array.Items)
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            case ObjectValue obj:
                writer.WriteStartObject();
                foreach (var (key, item) in obj.Properties)
                {
                    writer.WritePropertyName(key);
                    Write(writer, item);
                }

                writer.WriteEndObject();
                break;
            case NullValue:
                writer.WriteNullValue();
                break;
            default:
                // Unknowns and unresolved references have no value yet.
                writer.WriteStringValue(value.ToString());
                break;
        }
    }
}
