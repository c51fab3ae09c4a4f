using System.Collections.Frozen;
using System.Collections.Immutable;

namespace Infra.GitOps.Loading.Schema;

/// <summary>
/// A mapping with known properties. Unknown properties are errors unless <see cref="AdditionalProperties"/> says
/// what they hold. A named object becomes a <c>$defs</c> entry of the JSON Schema.
/// </summary>
internal sealed class ObjectSchema : SchemaNode
{
    public ObjectSchema(string name, params PropertySchema[] properties)
    {
        Name = name;
        Properties = [.. properties];
        ByName = properties.ToFrozenDictionary(p => p.Name, StringComparer.Ordinal);
        PropertyNames = [.. properties.Select(p => p.Name)];
    }

    /// <summary>The <c>$defs</c> name.</summary>
    public string Name { get; }

    public ImmutableArray<PropertySchema> Properties { get; }

    public FrozenDictionary<string, PropertySchema> ByName { get; }

    public ImmutableArray<string> PropertyNames { get; }

    /// <summary>The schema of properties not listed, or null when they are errors.</summary>
    public SchemaNode? AdditionalProperties { get; init; }

    /// <summary>Properties of which exactly one must be set (none when empty).</summary>
    public ImmutableArray<string> ExactlyOneOf { get; init; } = ImmutableArray<string>.Empty;

    /// <summary>A cross-property check, or null.</summary>
    public ObjectCheck? Check { get; init; }

    public override string Expected => "a mapping";
}
