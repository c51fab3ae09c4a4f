using System.Collections.Immutable;

namespace Infra.GitOps.Loading.Schema;

/// <summary>One of several schemas of different YAML types (a port is an integer or an <c>"a-b"</c> string);
/// the value's own type picks the alternative.</summary>
internal sealed class UnionSchema(params SchemaNode[] alternatives) : SchemaNode
{
    public ImmutableArray<SchemaNode> Alternatives { get; } = [.. alternatives];

    public override string Expected => string.Join(" or ", Alternatives.Select(a => a.Expected));
}
