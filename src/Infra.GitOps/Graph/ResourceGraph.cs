using System.Collections.Immutable;
using Infra.GitOps.Model;

namespace Infra.GitOps.Graph;

/// <summary>
/// The desired resources of one stack. Invariants: the root stack resource (<c>pulumi:pulumi:Stack</c>) comes
/// first; resources are in a deterministic topological order (parents and dependencies before dependents);
/// URNs are unique; the same commit gives the same graph, byte for byte.
/// </summary>
/// <param name="Project">The project name.</param>
/// <param name="Stack">The stack name.</param>
/// <param name="Resources">The resources in topological order.</param>
/// <param name="ProviderConfigurations">The stack's provider configuration by provider name.</param>
public sealed record ResourceGraph(
    string Project,
    string Stack,
    ImmutableArray<GraphResource> Resources,
    ImmutableSortedDictionary<string, ObjectValue> ProviderConfigurations)
{
    /// <summary>The root stack resource's URN.</summary>
    public Urn RootUrn => Urn.Create(Stack, Project, null, ResourceType.Stack, $"{Project}-{Stack}");
}
