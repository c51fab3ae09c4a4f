namespace Infra.GitOps.Loading.Schema;

/// <summary>A mapping from free keys to values of one schema (labels, variables, secrets).</summary>
internal sealed class MapSchema(SchemaNode values) : SchemaNode
{
    public SchemaNode Values { get; } = values;

    public override string Expected => "a mapping";
}
