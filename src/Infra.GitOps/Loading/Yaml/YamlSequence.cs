namespace Infra.GitOps.Loading.Yaml;

/// <summary>A sequence (list).</summary>
internal sealed class YamlSequence : YamlNode
{
    private readonly List<YamlNode> items = [];

    public YamlSequence(int line, int column)
        : base(line, column)
    {
    }

    public IReadOnlyList<YamlNode> Items => items;

    public override string Describe() => "a list";

    public void Add(YamlNode item)
    {
        items.Add(item);
        ExpandedSize += item.ExpandedSize;
        Height = Math.Max(Height, item.Height + 1);
    }
}
