using System.Globalization;
using System.Runtime.CompilerServices;

namespace Infra.GitOps.Loading.Schema;

/// <summary>
/// Builds property paths (<c>spec.subnets[0].cidr</c>) and shares them: ten thousand documents have ten
/// thousand <c>metadata.name</c> locations but need one such string. Lives for one load (it only grows with
/// the distinct paths of that load), lent to one file at a time; not thread-safe.
/// </summary>
internal sealed class PropertyPaths
{
    private readonly Dictionary<PathKey, string> paths = new(PathKeyComparer.Instance);
    private readonly Dictionary<string, string> names = new(StringComparer.Ordinal);

    /// <summary>Scratch list of the paths a <see cref="SchemaValidator"/> records, reused by the documents that
    /// share this pool (one validator at a time, like the pool itself).</summary>
    public List<string> ScratchLocationPaths { get; } = [];

    /// <summary>Scratch list of the packed positions beside <see cref="ScratchLocationPaths"/>.</summary>
    public List<long> ScratchLocationPositions { get; } = [];

    /// <summary>The path of property <paramref name="name"/> below <paramref name="parent"/> (a pooled path or "").</summary>
    public string Child(string parent, string name)
    {
        var key = new PathKey(parent, name, -1);
        if (!paths.TryGetValue(key, out var path))
        {
            path = parent.Length == 0 ? name : parent + "." + name;
            paths.Add(new PathKey(parent, name, -1), path);
        }

        return path;
    }

    /// <summary>
    /// The pooled string equal to <paramref name="name"/> (a property name as the model keeps it): YAML gives a new
    /// string per occurrence, and ten thousand documents would keep ten thousand copies of each key.
    /// </summary>
    public string Name(string name)
    {
        if (!names.TryGetValue(name, out var pooled))
        {
            pooled = name;
            names.Add(name, pooled);
        }

        return pooled;
    }

    /// <summary>The path of item <paramref name="index"/> of the list at <paramref name="parent"/>.</summary>
    public string Item(string parent, int index)
    {
        var key = new PathKey(parent, null, index);
        if (!paths.TryGetValue(key, out var path))
        {
            path = string.Create(CultureInfo.InvariantCulture, $"{parent}[{index}]");
            paths.Add(key, path);
        }

        return path;
    }

    private readonly record struct PathKey(string Parent, string? Name, int Index);

    /// <summary>Parents are pooled, so they compare by reference; names by content.</summary>
    private sealed class PathKeyComparer : IEqualityComparer<PathKey>
    {
        public static PathKeyComparer Instance { get; } = new();

        public bool Equals(PathKey x, PathKey y) =>
            ReferenceEquals(x.Parent, y.Parent) && x.Index == y.Index && string.Equals(x.Name, y.Name, StringComparison.Ordinal);

        public int GetHashCode(PathKey key) =>
            HashCode.Combine(RuntimeHelpers.GetHashCode(key.Parent), key.Name is null ? key.Index : StringComparer.Ordinal.GetHashCode(key.Name));
    }
}
