using System.Collections.Immutable;

namespace Infra.GitOps.Model;

/// <summary>
/// One validated resource document (a YAML document of a source file).
/// </summary>
/// <param name="ApiVersion">The document's apiVersion, e.g. <c>infra.gitops/v1</c> or <c>apps/v1</c>.</param>
/// <param name="Kind">The kind.</param>
/// <param name="KindName">The kind as written (<c>VirtualMachine</c>, <c>Deployment</c>).</param>
/// <param name="Name"><c>metadata.name</c>; unique within a stack.</param>
/// <param name="Provider"><c>spec.provider</c> for cloud-neutral kinds; the token's package for
/// <c>Resource</c>; <c>kubernetes</c> for Kubernetes objects.</param>
/// <param name="Spec">For cloud-neutral kinds, <c>spec</c> without <c>provider</c>; for <c>Resource</c>,
/// <c>{type, properties}</c>; for a Kubernetes object, the whole object but <c>options</c>. Strings keep their
/// <c>${...}</c> expressions unparsed: the graph resolves them.</param>
/// <param name="Options">The document's <c>options</c>.</param>
/// <param name="Location">Where the document starts.</param>
/// <param name="PropertyLocations">Locations of values by path relative to the document (<c>spec.memory</c>,
/// <c>spec.subnets[0].cidr</c>, <c>options.dependsOn[1]</c>), so that late errors point at the YAML; compact, since
/// every document of a load keeps its own.</param>
public sealed record ResourceDocument(
    string ApiVersion,
    DocumentKind Kind,
    string KindName,
    string Name,
    ProviderName Provider,
    ObjectValue Spec,
    ResourceOptions Options,
    SourceLocation Location,
    SourceLocationMap PropertyLocations)
{
    /// <summary>
    /// <c>metadata.labels</c> (string to string), ordinal order; empty when absent. Translations copy them to
    /// provider tags and labels.
    /// </summary>
    public ImmutableSortedDictionary<string, string> Labels { get; init; } =
        ImmutableSortedDictionary.Create<string, string>(StringComparer.Ordinal);

    /// <summary>The location of the value at <paramref name="path"/>, or the document's location.</summary>
    public SourceLocation LocationOf(string path) => PropertyLocations.GetValueOrDefault(path, Location);

    /// <summary>The location of the value at <c>{parent}.{key}</c> (<paramref name="key"/> when
    /// <paramref name="parent"/> is empty), or the document's location; builds no path string.</summary>
    public SourceLocation LocationOf(string parent, string key) => PropertyLocations.Find(parent, key) ?? Location;
}
