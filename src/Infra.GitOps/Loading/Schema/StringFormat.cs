namespace Infra.GitOps.Loading.Schema;

/// <summary>Checks on a string beyond its type; each has a validator and a JSON Schema pattern.</summary>
internal enum StringFormat
{
    None,
    NonEmpty,
    Name,
    Cidr,
    TypeToken,
    PortRange,
}
