namespace Infra.GitOps.Loading.Yaml;

/// <summary>A mapping with string keys, in document order; duplicate keys are rejected by the parser.</summary>
internal sealed class YamlMapping : YamlNode
{
    private const int IndexThreshold = 8;

    private readonly List<KeyValuePair<YamlScalar, YamlNode>> entries = [];
    private Dictionary<string, int>? index;
    private long expandedSize = 1;
    private int height;

    public YamlMapping(int line, int column)
        : base(line, column)
    {
    }

    public IReadOnlyList<KeyValuePair<YamlScalar, YamlNode>> Entries => entries;

    /// <inheritdoc />
    public override long ExpandedSize => expandedSize;

    /// <inheritdoc />
    public override int Height => height;

    public override string Describe() => "a mapping";

    /// <summary>The entry's key node for <paramref name="key"/>, or null.</summary>
    public YamlScalar? FindKey(string key)
    {
        var i = IndexOf(key);
        return i < 0 ? null : entries[i].Key;
    }

    /// <summary>The value for <paramref name="key"/>, or null when absent.</summary>
    public YamlNode? Get(string key)
    {
        var i = IndexOf(key);
        return i < 0 ? null : entries[i].Value;
    }

    /// <summary>Adds an entry; returns the first key node when <paramref name="key"/> is already present.</summary>
    public YamlScalar? TryAdd(YamlScalar key, YamlNode value)
    {
        var existing = IndexOf(key.Text);
        if (existing >= 0)
        {
            return entries[existing].Key;
        }

        entries.Add(new KeyValuePair<YamlScalar, YamlNode>(key, value));
        if (index is not null)
        {
            index[key.Text] = entries.Count - 1;
        }
        else if (entries.Count > IndexThreshold)
        {
            // Small mappings are searched linearly (faster than hashing); big ones get an index so that a
            // hostile mapping with many keys stays linear overall.
            index = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < entries.Count; i++)
            {
                index[entries[i].Key.Text] = i;
            }
        }

        expandedSize += value.ExpandedSize + 1;
        height = Math.Max(height, value.Height + 1);
        return null;
    }

    private int IndexOf(string key)
    {
        if (index is not null)
        {
            return index.TryGetValue(key, out var i) ? i : -1;
        }

        for (var i = 0; i < entries.Count; i++)
        {
            if (string.Equals(entries[i].Key.Text, key, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
