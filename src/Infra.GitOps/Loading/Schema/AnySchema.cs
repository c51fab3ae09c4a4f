namespace Infra.GitOps.Loading.Schema;

/// <summary>Any value (free-form maps, variables, Kubernetes fields).</summary>
internal sealed class AnySchema : SchemaNode
{
    public static AnySchema Instance { get; } = new();

    public override string Expected => "any value";
}
