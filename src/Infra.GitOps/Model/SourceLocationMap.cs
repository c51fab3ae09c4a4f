namespace Infra.GitOps.Model;

/// <summary>
/// The locations of one document's values by property path (<c>spec.subnets[0].cidr</c>), stored compactly: one
/// sorted array of paths (pooled strings shared by the documents of a load) and one array of packed line and
/// column, for a single file. Ten thousand documents of thirty values each cost two arrays per document instead of
/// a hash trie node per value. Immutable and thread-safe; lookups are binary searches (O(log n)), so even a
/// hostile document with a huge number of values stays fast.
/// </summary>
public sealed record SourceLocationMap
{
    private readonly string[] paths;
    private readonly long[] positions;

    private SourceLocationMap(string file, string[] paths, long[] positions)
    {
        File = file;
        this.paths = paths;
        this.positions = positions;
    }

    /// <summary>No locations.</summary>
    public static SourceLocationMap Empty { get; } = new(string.Empty, [], []);

    /// <summary>The file every location is in (relative to the repository root).</summary>
    public string File { get; }

    /// <summary>How many paths have a location.</summary>
    public int Count => paths.Length;

    /// <summary>
    /// A map of <paramref name="paths"/> and their 1-based <paramref name="lines"/> and
    /// <paramref name="columns"/> in <paramref name="file"/> (the three lists of the same length); when a path
    /// occurs several times the last one wins.
    /// </summary>
    /// <exception cref="ArgumentException">The lists differ in length.</exception>
    public static SourceLocationMap Create(string file, IReadOnlyList<string> paths, IReadOnlyList<int> lines, IReadOnlyList<int> columns)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(columns);
        if (lines.Count != paths.Count || columns.Count != paths.Count)
        {
            throw new ArgumentException("paths, lines and columns must have the same length", nameof(paths));
        }

        var positions = new long[paths.Count];
        for (var i = 0; i < positions.Length; i++)
        {
            positions[i] = Pack(lines[i], columns[i]);
        }

        return Create(file, paths, positions);
    }

    /// <summary>The map of <paramref name="paths"/> and their <see cref="Pack"/>ed positions (the lists of the same
    /// length, left unchanged); when a path occurs several times the last one wins.</summary>
    internal static SourceLocationMap Create(string file, IReadOnlyList<string> paths, IReadOnlyList<long> positions)
    {
        if (paths.Count == 0)
        {
            return file.Length == 0 ? Empty : new SourceLocationMap(file, [], []);
        }

        // Sort by path, then by insertion order, so that the last of equal paths is the one kept.
        var keys = new string[paths.Count];
        var order = new int[paths.Count];
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = paths[i];
            order[i] = i;
        }

        Array.Sort(keys, order, StringComparer.Ordinal);
        var kept = 0;
        for (var i = 0; i < keys.Length; i++)
        {
            if (kept > 0 && string.Equals(keys[kept - 1], keys[i], StringComparison.Ordinal))
            {
                order[kept - 1] = Math.Max(order[kept - 1], order[i]);
                continue;
            }

            keys[kept] = keys[i];
            order[kept] = order[i];
            kept++;
        }

        var sortedPaths = kept == keys.Length ? keys : keys[..kept];
        var packed = new long[kept];
        for (var i = 0; i < kept; i++)
        {
            packed[i] = positions[order[i]];
        }

        return new SourceLocationMap(file, sortedPaths, packed);
    }

    /// <summary>A line and column packed in one number, as the map stores them.</summary>
    internal static long Pack(int line, int column) => ((long)line << 32) | (uint)column;

    /// <summary>The location of a <see cref="Pack"/>ed position in <paramref name="file"/>.</summary>
    internal static SourceLocation Unpack(string file, long position) => new(file, (int)(position >> 32), (int)(position & 0xFFFF_FFFF));

    /// <summary>A map of <paramref name="locations"/>, which must all be in one file.</summary>
    /// <exception cref="ArgumentException">The locations are in several files.</exception>
    public static SourceLocationMap Create(IEnumerable<KeyValuePair<string, SourceLocation>> locations)
    {
        ArgumentNullException.ThrowIfNull(locations);
        string? file = null;
        var paths = new List<string>();
        var lines = new List<int>();
        var columns = new List<int>();
        foreach (var (path, location) in locations)
        {
            file ??= location.Path;
            if (!string.Equals(file, location.Path, StringComparison.Ordinal))
            {
                throw new ArgumentException("every location must be in the same file", nameof(locations));
            }

            paths.Add(path);
            lines.Add(location.Line);
            columns.Add(location.Column);
        }

        return Create(file ?? string.Empty, paths, lines, columns);
    }

    /// <summary>The location recorded for <paramref name="path"/>, or null.</summary>
    public SourceLocation? Find(string path)
    {
        var i = Array.BinarySearch(paths, path, StringComparer.Ordinal);
        if (i < 0)
        {
            return null;
        }

        var position = positions[i];
        return new SourceLocation(File, (int)(position >> 32), (int)(position & 0xFFFF_FFFF));
    }

    /// <summary>
    /// The location recorded for the path <c>{parent}.{name}</c> (or <paramref name="name"/> alone when
    /// <paramref name="parent"/> is empty), or null; the same as <see cref="Find(string)"/> of the joined path,
    /// without building it.
    /// </summary>
    public SourceLocation? Find(string parent, string name)
    {
        ArgumentNullException.ThrowIfNull(parent);
        ArgumentNullException.ThrowIfNull(name);
        var low = 0;
        var high = paths.Length - 1;
        while (low <= high)
        {
            var middle = low + ((high - low) >> 1);
            var order = CompareToJoined(paths[middle], parent, name);
            if (order == 0)
            {
                var position = positions[middle];
                return new SourceLocation(File, (int)(position >> 32), (int)(position & 0xFFFF_FFFF));
            }

            if (order < 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return null;
    }

    /// <summary>The location recorded for <paramref name="path"/>, or <paramref name="fallback"/>.</summary>
    public SourceLocation GetValueOrDefault(string path, SourceLocation fallback) => Find(path) ?? fallback;

    /// <summary>Ordinal comparison of <paramref name="path"/> with <c>{parent}.{name}</c> (<paramref name="name"/>
    /// when <paramref name="parent"/> is empty).</summary>
    private static int CompareToJoined(string path, string parent, string name)
    {
        var rest = path.AsSpan();
        if (parent.Length > 0)
        {
            var order = rest[..Math.Min(rest.Length, parent.Length)].SequenceCompareTo(parent);
            if (order != 0)
            {
                return order;
            }

            if (rest.Length == parent.Length)
            {
                return -1; // path is parent itself, a prefix of the joined path
            }

            order = rest[parent.Length].CompareTo('.');
            if (order != 0)
            {
                return order;
            }

            rest = rest[(parent.Length + 1)..];
        }

        return rest.SequenceCompareTo(name);
    }

    /// <summary>Every path and its location, in ordinal path order.</summary>
    public IEnumerable<KeyValuePair<string, SourceLocation>> Entries()
    {
        for (var i = 0; i < paths.Length; i++)
        {
            yield return new(paths[i], new SourceLocation(File, (int)(positions[i] >> 32), (int)(positions[i] & 0xFFFF_FFFF)));
        }
    }
}
