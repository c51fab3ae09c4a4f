namespace Infra.GitOps.Loading.Schema;

/// <summary>A boolean.</summary>
internal sealed class BooleanSchema : SchemaNode
{
    public override string Expected => "a boolean";
}
