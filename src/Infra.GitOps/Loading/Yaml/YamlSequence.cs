namespace Infra.GitOps.Loading.Yaml;

/// <summary>A sequence (list).</summary>
internal sealed class YamlSequence : YamlNode
{
    private readonly List<YamlNode> items = [];
    private long expandedSize = 1;
    private int height;

    public YamlSequence(int line, int column)
        : base(line, column)
    {
    }

    public IReadOnlyList<YamlNode> Items => items;

    /// <inheritdoc />
    public override long ExpandedSize => expandedSize;

    /// <inheritdoc />
    public override int Height => height;

    public override string Describe() => "a list";

    public void Add(YamlNode item)
    {
        items.Add(item);
        expandedSize += item.ExpandedSize;
        height = Math.Max(height, item.Height + 1);
    }
}
