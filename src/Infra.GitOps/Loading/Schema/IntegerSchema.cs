namespace Infra.GitOps.Loading.Schema;

/// <summary>An integer within an inclusive range.</summary>
internal sealed class IntegerSchema(long minimum, long maximum) : SchemaNode
{
    public long Minimum { get; } = minimum;

    public long Maximum { get; } = maximum;

    public override string Expected => "an integer";
}
