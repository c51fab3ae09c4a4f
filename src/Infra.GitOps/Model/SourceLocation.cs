namespace Infra.GitOps.Model;

/// <summary>
/// A position in a file of the infra repository: the path relative to the repository root (with <c>/</c>
/// separators) and a 1-based line and column. Every model node, graph resource and diagnostic carries one, so
/// that any problem found late (a cycle, a provider's Check failure) still points back at the YAML.
/// </summary>
/// <param name="Path">Path relative to the repository root, <c>/</c>-separated.</param>
/// <param name="Line">1-based line; 0 when the problem concerns the whole file.</param>
/// <param name="Column">1-based column; 0 when the problem concerns the whole file or line.</param>
public readonly record struct SourceLocation(string Path, int Line, int Column) : IComparable<SourceLocation>
{
    /// <summary>A location for a whole file (line and column 0 print as 1).</summary>
    public static SourceLocation OfFile(string path) => new(path, 1, 1);

    /// <summary>Orders by path (ordinal), then line, then column.</summary>
    public int CompareTo(SourceLocation other)
    {
        var byPath = string.CompareOrdinal(Path, other.Path);
        if (byPath != 0)
        {
            return byPath;
        }

        var byLine = Line.CompareTo(other.Line);
        return byLine != 0 ? byLine : Column.CompareTo(other.Column);
    }

    /// <summary>Compiler style: <c>path:line:column</c>.</summary>
    public override string ToString() => $"{Path}:{Math.Max(Line, 1)}:{Math.Max(Column, 1)}";
}
