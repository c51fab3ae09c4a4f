namespace Infra.GitOps.Loading.Schema;

/// <summary>
/// A node of the document schema, defined once in code (<see cref="DocumentSchemas"/>) and used both to validate
/// documents (<see cref="SchemaValidator"/>) and to generate the published JSON Schema
/// (<see cref="InfraJsonSchema"/>).
/// </summary>
internal abstract class SchemaNode
{
    /// <summary>What the value means, for the JSON Schema's <c>description</c>.</summary>
    public string? Description { get; init; }

    /// <summary>True when the value must be written literally: no <c>${...}</c> expression.</summary>
    public bool Literal { get; init; }

    /// <summary>How the expected type reads in messages: <c>an integer</c>.</summary>
    public abstract string Expected { get; }
}
