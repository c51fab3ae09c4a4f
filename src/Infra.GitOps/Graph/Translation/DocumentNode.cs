using Infra.GitOps.Model;

namespace Infra.GitOps.Graph.Translation;

/// <summary>The graph builder's working state for one document.</summary>
internal sealed class DocumentNode
{
    public DocumentNode(ResourceDocument document, int index)
    {
        Document = document;
        Index = index;
        Spec = document.Spec;
    }

    public ResourceDocument Document { get; }

    /// <summary>Position in the stack's document list (path then document order).</summary>
    public int Index { get; }

    public string Name => Document.Name;

    public DocumentKind Kind => Document.Kind;

    public bool IsCloudNeutral => Kind is DocumentKind.Network or DocumentKind.VirtualMachine or DocumentKind.Disk or DocumentKind.Bucket;

    /// <summary>False when the document cannot be translated (a kind its provider cannot serve, a bad token).</summary>
    public bool Valid { get; set; } = true;

    /// <summary>The component's type for cloud-neutral kinds; the resource's type otherwise.</summary>
    public ResourceType Type { get; set; }

    /// <summary>The component's URN for cloud-neutral kinds; the resource's URN otherwise.</summary>
    public Urn Urn { get; set; }

    /// <summary>Replica count of a VirtualMachine (1 for other kinds).</summary>
    public int Count { get; set; } = 1;

    /// <summary>The spec with expressions resolved.</summary>
    public ObjectValue Spec { get; set; }

    /// <summary>Documents this one depends on (references, dependsOn, network, disks): first location per target.</summary>
    public Dictionary<string, SourceLocation> Edges { get; } = new(StringComparer.Ordinal);

    /// <summary>The resources this document became (its component first, for cloud-neutral kinds).</summary>
    public List<ResourceDraft> Resources { get; } = [];

    /// <summary>The URNs of the custom resources this document became, ordinal order; set after translation.</summary>
    public Urn[] CustomUrns { get; set; } = [];

    /// <summary>The path of a spec key as the document's <see cref="ResourceDocument.PropertyLocations"/> name it.</summary>
    public string SpecPath(string key) => Kind == DocumentKind.KubernetesObject ? key : "spec." + key;

    /// <summary>The location of a spec key.</summary>
    public SourceLocation LocationOf(string key) => Document.LocationOf(Kind == DocumentKind.KubernetesObject ? string.Empty : "spec", key);

    public void AddEdge(string target, SourceLocation location) => Edges.TryAdd(target, location);
}
