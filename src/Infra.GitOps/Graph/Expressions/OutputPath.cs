using System.Collections.Immutable;
using System.Globalization;
using System.Text;

namespace Infra.GitOps.Graph.Expressions;

/// <summary>
/// A path into a resource's outputs: <c>ipAddress</c>, <c>tags.env</c>, <c>ipAddresses[0]</c>,
/// <c>labels["app.kubernetes.io/name"]</c>. The first segment is always a property (the output's name).
/// <see cref="ToString"/> gives the canonical text that <see cref="Model.ReferenceValue.Output"/> holds, and
/// <see cref="TryParse"/> reads it back, so the engine can walk outputs with the same rules.
/// </summary>
/// <param name="Segments">The segments; never empty.</param>
public sealed record OutputPath(ImmutableArray<OutputPathSegment> Segments)
{
    /// <summary>A path of one property.</summary>
    public static OutputPath Of(string output) => new([new PropertySegment(output)]);

    /// <summary>This path followed by <paramref name="rest"/>.</summary>
    public OutputPath Append(IEnumerable<OutputPathSegment> rest) => new(Segments.AddRange(rest));

    /// <summary>
    /// Parses a path such as <c>a.b[0]["k"]</c>. Returns null and sets <paramref name="error"/> when the text is
    /// not a path.
    /// </summary>
    public static OutputPath? TryParse(string text, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        var segments = ImmutableArray.CreateBuilder<OutputPathSegment>();
        var position = 0;
        var first = ReadIdentifier(text, ref position);
        if (first.Length == 0)
        {
            error = "an output path starts with a property name";
            return null;
        }

        segments.Add(new PropertySegment(first));
        while (position < text.Length)
        {
            var c = text[position];
            if (c == '.')
            {
                position++;
                var name = ReadIdentifier(text, ref position);
                if (name.Length == 0)
                {
                    error = $"expected a property name after '.' at offset {position}";
                    return null;
                }

                segments.Add(new PropertySegment(name));
            }
            else if (c == '[')
            {
                position++;
                if (position < text.Length && text[position] == '"')
                {
                    var key = ReadQuoted(text, ref position, out error);
                    if (key is null)
                    {
                        return null;
                    }

                    segments.Add(new PropertySegment(key));
                }
                else
                {
                    var start = position;
                    while (position < text.Length && char.IsAsciiDigit(text[position]))
                    {
                        position++;
                    }

                    if (position == start || !int.TryParse(text.AsSpan(start, position - start), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                    {
                        error = $"expected an index or a quoted key after '[' at offset {start}";
                        return null;
                    }

                    segments.Add(new IndexSegment(index));
                }

                if (position >= text.Length || text[position] != ']')
                {
                    error = $"expected ']' at offset {position}";
                    return null;
                }

                position++;
            }
            else
            {
                error = $"unexpected '{c}' at offset {position}";
                return null;
            }
        }

        error = null;
        return new OutputPath(segments.ToImmutable());
    }

    /// <summary>True when <paramref name="c"/> may appear in a property name written with a dot.</summary>
    internal static bool IsIdentifierChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_' || c == '-';

    /// <summary>Reads a run of identifier characters starting at <paramref name="position"/>.</summary>
    internal static string ReadIdentifier(string text, ref int position)
    {
        var start = position;
        while (position < text.Length && IsIdentifierChar(text[position]))
        {
            position++;
        }

        return text[start..position];
    }

    private static string? ReadQuoted(string text, ref int position, out string? error)
    {
        // position is at the opening quote; a backslash escapes the next character.
        var builder = new StringBuilder();
        position++;
        while (position < text.Length)
        {
            var c = text[position++];
            if (c == '\\' && position < text.Length)
            {
                builder.Append(text[position++]);
            }
            else if (c == '"')
            {
                error = null;
                return builder.ToString();
            }
            else
            {
                builder.Append(c);
            }
        }

        error = "unterminated quoted key";
        return null;
    }

    /// <summary>The canonical text: names joined by dots, indexes as <c>[0]</c>, other keys as <c>["k"]</c>.</summary>
    public override string ToString()
    {
        var builder = new StringBuilder();
        foreach (var segment in Segments)
        {
            switch (segment)
            {
                case PropertySegment p when p.Name.Length > 0 && p.Name.All(IsIdentifierChar):
                    if (builder.Length > 0)
                    {
                        builder.Append('.');
                    }

                    builder.Append(p.Name);
                    break;
                case PropertySegment p:
                    builder.Append("[\"").Append(p.Name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)).Append("\"]");
                    break;
                case IndexSegment i:
                    builder.Append('[').Append(i.Index.ToString(CultureInfo.InvariantCulture)).Append(']');
                    break;
            }
        }

        return builder.ToString();
    }

    /// <inheritdoc />
    public bool Equals(OutputPath? other) =>
        other is not null && Segments.AsSpan().SequenceEqual(other.Segments.AsSpan());

    /// <inheritdoc />
    public override int GetHashCode() => ToString().GetHashCode(StringComparison.Ordinal);
}
