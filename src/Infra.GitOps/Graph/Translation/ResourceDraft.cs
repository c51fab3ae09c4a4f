using System.Collections.Immutable;
using Infra.GitOps.Model;

namespace Infra.GitOps.Graph.Translation;

/// <summary>A resource being built; becomes a <see cref="GraphResource"/> once dependencies are known.</summary>
internal sealed class ResourceDraft
{
    // One empty map with the ordinal comparer for every draft: CreateBuilder(StringComparer.Ordinal) would make a new
    // comparer pair and empty map per resource, and the graph would keep the comparer pair.
    private static readonly ImmutableDictionary<string, SourceLocation> NoLocations =
        ImmutableDictionary.Create<string, SourceLocation>(StringComparer.Ordinal);

    public ResourceDraft(DocumentNode? owner, Urn urn, ResourceType type, bool custom, Urn? parent, ObjectValue inputs, SourceLocation location)
    {
        Owner = owner;
        Urn = urn;
        Type = type;
        Custom = custom;
        Parent = parent;
        Inputs = inputs;
        Location = location;
    }

    /// <summary>The document it came from; null for the implicit per-stack resources (pool, resource group).</summary>
    public DocumentNode? Owner { get; }

    public Urn Urn { get; }

    public ResourceType Type { get; }

    public bool Custom { get; }

    public Urn? Parent { get; }

    public ObjectValue Inputs { get; }

    public SourceLocation Location { get; }

    /// <summary>Top-level input name to the YAML location it came from (built in place: the graph resource keeps
    /// it as is).</summary>
    public ImmutableDictionary<string, SourceLocation>.Builder PropertyLocations { get; } = NoLocations.ToBuilder();

    /// <summary>Set when the draft is ordered.</summary>
    public int Order { get; set; }
}
