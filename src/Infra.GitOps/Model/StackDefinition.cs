using System.Collections.Immutable;

namespace Infra.GitOps.Model;

/// <summary>A <c>kind: Stack</c> document: which documents a stack contains and how its providers are set up.</summary>
/// <param name="Name">The stack's name (<c>metadata.name</c>).</param>
/// <param name="Sources">Globs relative to the repository root of the documents the stack contains.</param>
/// <param name="Providers">Configuration per provider name (<c>libvirt: {uri: ...}</c>).</param>
/// <param name="Variables">Variables and their defaults, for <c>${var.name}</c>.</param>
/// <param name="Secrets">Secrets by name, for <c>${secret.name}</c>.</param>
/// <param name="Reconcile">Reconciler settings.</param>
/// <param name="Location">Where the stack document starts.</param>
/// <param name="PropertyLocations">Locations of values by path (<c>spec.sources[0]</c>).</param>
public sealed record StackDefinition(
    string Name,
    ImmutableArray<string> Sources,
    ImmutableSortedDictionary<string, ObjectValue> Providers,
    ImmutableSortedDictionary<string, PropertyValue> Variables,
    ImmutableSortedDictionary<string, SecretSource> Secrets,
    ReconcileSettings Reconcile,
    SourceLocation Location,
    ImmutableDictionary<string, SourceLocation> PropertyLocations)
{
    /// <summary>The location of the value at <paramref name="path"/>, or the document's location.</summary>
    public SourceLocation LocationOf(string path) => PropertyLocations.GetValueOrDefault(path, Location);
}
