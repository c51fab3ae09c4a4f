namespace Infra.GitOps.Loading.Yaml;

/// <summary>
/// A node of a parsed YAML document: the loader's own light tree built from the parser's events, with the
/// 1-based start position of every node. Nodes reached through an alias are shared, not copied:
/// <see cref="ExpandedSize"/> and <see cref="Height"/> count them as expanded, so that limits hold.
/// </summary>
internal abstract class YamlNode
{
    protected YamlNode(int line, int column)
    {
        Line = line;
        Column = column;
    }

    /// <summary>1-based line of the node's first character.</summary>
    public int Line { get; }

    /// <summary>1-based column of the node's first character.</summary>
    public int Column { get; }

    /// <summary>Nodes in this subtree with aliases expanded (1 for a scalar).</summary>
    public abstract long ExpandedSize { get; }

    /// <summary>Levels below this node with aliases expanded (0 for a scalar).</summary>
    public abstract int Height { get; }

    /// <summary>What the node is, for messages: <c>a string</c>, <c>a mapping</c>.</summary>
    public abstract string Describe();
}
