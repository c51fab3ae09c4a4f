using System.Collections.Immutable;
using Infra.GitOps.Model;

namespace Infra.GitOps.Graph;

/// <summary>
/// One resource of a <see cref="ResourceGraph"/>: what the user wants to exist, before the engine has looked at
/// the state. Inputs may hold <see cref="ReferenceValue"/>s and <see cref="InterpolationValue"/>s that the engine
/// resolves from the outputs of the resources they point at.
/// </summary>
/// <param name="Urn">The URN (parent chain included).</param>
/// <param name="Type">The type token.</param>
/// <param name="Custom">True for a provider resource; false for a component (no provider, no id).</param>
/// <param name="Parent">The parent's URN; the root stack resource for top-level resources; null for the root.</param>
/// <param name="Provider">The provider package that serves it, or null for components and the root.</param>
/// <param name="Inputs">The inputs, references unresolved.</param>
/// <param name="Dependencies">URNs this resource depends on (references and <c>dependsOn</c>), ordinal order.</param>
/// <param name="PropertyDependencies">For each input key, the URNs its value references.</param>
/// <param name="Options">The options.</param>
/// <param name="Location">The document it came from.</param>
/// <param name="PropertyLocations">Locations of input keys (top-level input name → YAML location), so that a
/// provider's Check failure on a property points at the YAML.</param>
public sealed record GraphResource(
    Urn Urn,
    ResourceType Type,
    bool Custom,
    Urn? Parent,
    ProviderName? Provider,
    ObjectValue Inputs,
    ImmutableArray<Urn> Dependencies,
    ImmutableSortedDictionary<string, ImmutableArray<Urn>> PropertyDependencies,
    ResourceOptions Options,
    SourceLocation Location,
    ImmutableDictionary<string, SourceLocation> PropertyLocations)
{
    /// <summary>The location of an input, or the document's location.</summary>
    public SourceLocation LocationOf(string inputKey) => PropertyLocations.GetValueOrDefault(inputKey, Location);
}
