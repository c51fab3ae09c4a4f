using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Infra.GitOps.Model;

namespace Infra.GitOps.Engine.Planning;

/// <summary>
/// A property path as Pulumi writes it: <c>a.b[0]["odd.key"].c</c>; segments are keys (string) or indexes (int).
/// Reading through a <see cref="SecretValue"/> keeps the result secret.
/// </summary>
internal static class PropertyPath
{
    /// <summary>Splits a path into keys and indexes; an unparsable path is one key.</summary>
    public static ImmutableArray<object> Parse(string path)
    {
        var segments = ImmutableArray.CreateBuilder<object>();
        var current = new StringBuilder();
        var i = 0;
        while (i < path.Length)
        {
            var c = path[i];
            if (c == '.')
            {
                Flush();
                i++;
            }
            else if (c == '[')
            {
                Flush();
                var end = path.IndexOf(']', i);
                if (end < 0)
                {
                    return [path];
                }

                var inner = path[(i + 1)..end];
                if (inner.Length >= 2 && inner[0] == '"' && inner[^1] == '"')
                {
                    segments.Add(inner[1..^1]);
                }
                else if (int.TryParse(inner, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                {
                    segments.Add(index);
                }
                else
                {
                    segments.Add(inner);
                }

                i = end + 1;
            }
            else
            {
                current.Append(c);
                i++;
            }
        }

        Flush();
        return segments.ToImmutable();

        void Flush()
        {
            if (current.Length > 0)
            {
                segments.Add(current.ToString());
                current.Clear();
            }
        }
    }

    /// <summary>Appends a key to a path (<c>a.b</c>, or <c>a["odd.key"]</c>).</summary>
    public static string Child(string parent, string key)
    {
        var simple = key.Length > 0;
        foreach (var c in key)
        {
            simple &= char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '$';
        }

        if (!simple)
        {
            return $"{parent}[\"{key}\"]";
        }

        return parent.Length == 0 ? key : parent + "." + key;
    }

    /// <summary>Appends an index to a path (<c>a[0]</c>).</summary>
    public static string Index(string parent, int index) => string.Create(CultureInfo.InvariantCulture, $"{parent}[{index}]");

    /// <summary>The value at <paramref name="path"/>, or null when absent.</summary>
    public static PropertyValue? Get(PropertyValue root, string path) => IsKey(path) ? Get(root, path, default) : Get(root, Parse(path));

    /// <summary>The value at the segments, or null when absent.</summary>
    public static PropertyValue? Get(PropertyValue root, ImmutableArray<object> segments) => Get(root, null, segments);

    /// <summary>
    /// The value at <paramref name="key"/> when it is set (a path of that one key: the common case, which needs no
    /// parsing), else at <paramref name="segments"/>.
    /// </summary>
    private static PropertyValue? Get(PropertyValue root, string? key, ImmutableArray<object> segments)
    {
        var current = root;
        var secret = false;
        var count = key is null ? segments.Length : 1;
        for (var i = 0; i < count; i++)
        {
            while (current is SecretValue s)
            {
                secret = true;
                current = s.Value;
            }

            current = (current, key ?? segments[i]) switch
            {
                (ObjectValue o, string name) => o[name],
                (ArrayValue a, int index) when index >= 0 && index < a.Items.Length => a.Items[index],
                _ => null,
            };
            if (current is null)
            {
                return null;
            }
        }

        return secret && current is not SecretValue ? new SecretValue(current) : current;
    }

    /// <summary>True when <paramref name="path"/> is one key that <see cref="Parse"/> would return as it is.</summary>
    private static bool IsKey(string path) => path.Length > 0 && path.AsSpan().IndexOfAny('.', '[') < 0;

    /// <summary>A copy of <paramref name="root"/> with the value at <paramref name="path"/> set, or removed when
    /// <paramref name="value"/> is null. Missing objects on the way are created; a path through a non-object is left alone.</summary>
    public static ObjectValue Set(ObjectValue root, string path, PropertyValue? value)
    {
        var segments = IsKey(path) ? [path] : Parse(path);
        return segments.Length == 0 ? root : (ObjectValue)(SetIn(root, segments, 0, value) ?? root);
    }

    private static PropertyValue? SetIn(PropertyValue? current, ImmutableArray<object> segments, int at, PropertyValue? value)
    {
        var segment = segments[at];
        var last = at == segments.Length - 1;
        switch (current, segment)
        {
            case (ObjectValue o, string key):
                {
                    var child = last ? value : SetIn(o[key] ?? (value is null ? null : ObjectValue.Empty), segments, at + 1, value);
                    return child is null ? new ObjectValue(o.Properties.Remove(key)) : o.With(key, child);
                }

            case (ArrayValue a, int index) when index >= 0 && index < a.Items.Length:
                {
                    var child = last ? value : SetIn(a.Items[index], segments, at + 1, value);
                    return child is null ? new ArrayValue(a.Items.RemoveAt(index)) : new ArrayValue(a.Items.SetItem(index, child));
                }

            case (SecretValue s, _):
                {
                    var inner = SetIn(s.Value, segments, at, value);
                    return inner is null ? null : new SecretValue(inner);
                }

            default:
                return current;
        }
    }

    /// <summary>True when <paramref name="path"/> is <paramref name="prefix"/> or lies under it (<c>*</c> matches all).</summary>
    public static bool IsUnder(string path, string prefix)
    {
        if (prefix == "*" || path == prefix)
        {
            return true;
        }

        return path.Length > prefix.Length && path.StartsWith(prefix, StringComparison.Ordinal) && path[prefix.Length] is '.' or '[';
    }

    /// <summary>The top-level key of a path.</summary>
    public static string TopLevel(string path)
    {
        if (IsKey(path))
        {
            return path;
        }

        var segments = Parse(path);
        return segments.Length > 0 && segments[0] is string key ? key : path;
    }
}
