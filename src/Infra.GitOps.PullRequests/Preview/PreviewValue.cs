using System.Globalization;
using System.Text;
using Infra.GitOps.Model;

namespace Infra.GitOps.PullRequests.Preview;

/// <summary>
/// A property value as a preview shows it: already reduced to display text, with secrets masked. A secret's
/// plaintext never reaches this type: <see cref="Of"/> prints <see cref="SecretValue.Mask"/> for any value that
/// is or contains a secret, so nothing rendered from a preview (comment, JSON, status, logs) can leak one.
/// </summary>
/// <param name="Text">The display text (<c>[secret]</c> for secrets, <c>(known after apply)</c> for unknowns).</param>
/// <param name="IsSecret">True when the value is or contains a secret.</param>
/// <param name="IsUnknown">True when the value is only known after apply.</param>
public sealed record PreviewValue(string Text, bool IsSecret, bool IsUnknown)
{
    /// <summary>Longest display text kept; longer values are shortened with a note of how much was left out.</summary>
    public const int MaxTextLength = 2_000;

    /// <summary>A secret.</summary>
    public static PreviewValue Secret { get; } = new(SecretValue.Mask, true, false);

    /// <summary>A value known only after apply.</summary>
    public static PreviewValue Unknown { get; } = new(UnknownValue.Display, false, true);

    /// <summary>
    /// The display form of an engine value: a secret anywhere inside makes the whole value <see cref="Secret"/>;
    /// an unknown or unresolved reference makes it <see cref="Unknown"/>; otherwise compact JSON-like text.
    /// </summary>
    public static PreviewValue Of(PropertyValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.ContainsSecret)
        {
            return Secret;
        }

        if (value is UnknownValue or ReferenceValue or InterpolationValue)
        {
            return Unknown;
        }

        var builder = new StringBuilder();
        Append(builder, value);
        return new PreviewValue(Shorten(builder.ToString()), false, !value.IsKnown);
    }

    /// <summary>Plain text (a string input given as is), shortened to <see cref="MaxTextLength"/>.</summary>
    public static PreviewValue OfText(string text) => new(Shorten(text), false, false);

    /// <inheritdoc />
    public override string ToString() => Text;

    private static string Shorten(string text) =>
        text.Length <= MaxTextLength
            ? text
            : string.Create(CultureInfo.InvariantCulture, $"{text[..MaxTextLength]}... ({text.Length - MaxTextLength} more characters)");

    private static void Append(StringBuilder builder, PropertyValue value)
    {
        switch (value)
        {
            case NullValue:
                builder.Append("null");
                break;
            case BoolValue b:
                builder.Append(b.Value ? "true" : "false");
                break;
            case NumberValue n:
                builder.Append(n.ToString());
                break;
            case StringValue s:
                builder.Append('"').Append(s.Value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)
                    .Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal)).Append('"');
                break;
            case ArrayValue a:
                builder.Append('[');
                for (var i = 0; i < a.Items.Length; i++)
                {
                    if (i > 0)
                    {
                        builder.Append(", ");
                    }

                    Append(builder, a.Items[i]);
                }

                builder.Append(']');
                break;
            case ObjectValue o:
                builder.Append('{');
                var first = true;
                foreach (var (key, item) in o.Properties)
                {
                    if (!first)
                    {
                        builder.Append(", ");
                    }

                    first = false;
                    builder.Append(key).Append(": ");
                    Append(builder, item);
                }

                builder.Append('}');
                break;
            case SecretValue:
                // Unreachable after the ContainsSecret check; kept so that no path ever prints a secret's value.
                builder.Append(SecretValue.Mask);
                break;
            default:
                builder.Append(UnknownValue.Display);
                break;
        }
    }
}
