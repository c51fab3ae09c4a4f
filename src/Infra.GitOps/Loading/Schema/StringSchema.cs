using System.Collections.Immutable;

namespace Infra.GitOps.Loading.Schema;

/// <summary>A string, optionally restricted to an enumeration or a format.</summary>
internal sealed class StringSchema : SchemaNode
{
    public ImmutableArray<string> Enum { get; init; } = ImmutableArray<string>.Empty;

    public StringFormat Format { get; init; }

    public override string Expected => "a string";
}
