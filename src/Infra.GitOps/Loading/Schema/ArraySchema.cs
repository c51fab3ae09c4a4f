namespace Infra.GitOps.Loading.Schema;

/// <summary>A list whose items all follow one schema.</summary>
internal sealed class ArraySchema(SchemaNode items) : SchemaNode
{
    public SchemaNode Items { get; } = items;

    public override string Expected => "a list";
}
