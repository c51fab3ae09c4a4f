using System.Collections.Immutable;
using Infra.GitOps.Model;

namespace Infra.GitOps.State;

/// <summary>
/// One resource as recorded in a stack's checkpoint: Pulumi's deployment v3 resource
/// (<c>sdk/go/common/apitype/core.go</c>). Values are in plain form in memory (secrets as
/// <see cref="SecretValue"/>); the serializer encrypts secrets at rest.
/// </summary>
public sealed record ResourceState
{
    /// <summary>The URN; the only required field.</summary>
    public required Urn Urn { get; init; }

    /// <summary>True for a provider resource, false for a component (no id).</summary>
    public required bool Custom { get; init; }

    /// <summary>The type token.</summary>
    public required ResourceType Type { get; init; }

    /// <summary>The provider's id, or null for components.</summary>
    public string? Id { get; init; }

    /// <summary>The checked inputs.</summary>
    public ObjectValue Inputs { get; init; } = ObjectValue.Empty;

    /// <summary>The outputs.</summary>
    public ObjectValue Outputs { get; init; } = ObjectValue.Empty;

    /// <summary>The parent's URN.</summary>
    public Urn? Parent { get; init; }

    /// <summary>A provider reference <c>&lt;providerURN&gt;::&lt;providerID&gt;</c>, or null.</summary>
    public string? Provider { get; init; }

    /// <summary>URNs this resource depends on.</summary>
    public ImmutableArray<Urn> Dependencies { get; init; } = ImmutableArray<Urn>.Empty;

    /// <summary>For each input key, the URNs its value depended on.</summary>
    public ImmutableSortedDictionary<string, ImmutableArray<Urn>> PropertyDependencies { get; init; } =
        ImmutableSortedDictionary.Create<string, ImmutableArray<Urn>>(StringComparer.Ordinal);

    /// <summary>Deleting or replacing it is an error.</summary>
    public bool Protect { get; init; }

    /// <summary>A delete leaves the real resource in place.</summary>
    public bool RetainOnDelete { get; init; }

    /// <summary>The old copy of a create-before-delete replacement, awaiting its delete.</summary>
    public bool Delete { get; init; }

    /// <summary>Marked for replacement by an interrupted delete-before-replace.</summary>
    public bool PendingReplacement { get; init; }

    /// <summary>Property paths whose changes are ignored.</summary>
    public ImmutableArray<string> IgnoreChanges { get; init; } = ImmutableArray<string>.Empty;

    /// <summary>Property paths whose changes force a replacement.</summary>
    public ImmutableArray<string> ReplaceOnChanges { get; init; } = ImmutableArray<string>.Empty;

    /// <summary>When the resource was created.</summary>
    public DateTimeOffset? Created { get; init; }

    /// <summary>When the resource was last changed.</summary>
    public DateTimeOffset? Modified { get; init; }

    /// <summary>
    /// True when <paramref name="other"/> has the very same field values as this state except, perhaps, its id and
    /// outputs (what a create changes in the state its begin recorded). Reference fields compare by reference: a false
    /// answer only costs the caller a full serialization. Every field must be listed here (a test changes each one).
    /// </summary>
    internal bool DiffersOnlyInIdAndOutputs(ResourceState other) =>
        Urn == other.Urn
        && Custom == other.Custom
        && Type == other.Type
        && ReferenceEquals(Inputs, other.Inputs)
        && Parent == other.Parent
        && string.Equals(Provider, other.Provider, StringComparison.Ordinal)
        && Dependencies == other.Dependencies
        && ReferenceEquals(PropertyDependencies, other.PropertyDependencies)
        && Protect == other.Protect
        && RetainOnDelete == other.RetainOnDelete
        && Delete == other.Delete
        && PendingReplacement == other.PendingReplacement
        && IgnoreChanges == other.IgnoreChanges
        && ReplaceOnChanges == other.ReplaceOnChanges
        && Created == other.Created
        && Modified == other.Modified;

    /// <summary>
    /// The URNs this resource refers to and must come after in a checkpoint: its provider's (a provider reference is
    /// <c>&lt;providerURN&gt;::&lt;providerID&gt;</c>, split on the last <c>::</c>), its parent's, its dependencies'.
    /// A struct enumeration (<c>foreach</c> allocates nothing): the journal's writer tracks every new state's.
    /// </summary>
    internal ReferencedUrnEnumerator ReferencedUrns() => new(this);

    /// <summary>Enumerates <see cref="ReferencedUrns"/>: provider, parent, dependencies, then property dependencies.</summary>
    internal struct ReferencedUrnEnumerator : IDisposable
    {
        private readonly ResourceState resource;
        private ImmutableSortedDictionary<string, ImmutableArray<Urn>>.Enumerator properties;
        private ImmutableArray<Urn> urns;
        private bool enumeratingProperties;
        private int stage;
        private int index;

        public ReferencedUrnEnumerator(ResourceState resource)
        {
            this.resource = resource;
            urns = resource.Dependencies;
        }

        public ReadOnlyMemory<char> Current { get; private set; }

        public readonly ReferencedUrnEnumerator GetEnumerator() => this;

        public bool MoveNext()
        {
            while (true)
            {
                switch (stage)
                {
                    case 0:
                        stage = 1;
                        if (resource.Provider is { } provider)
                        {
                            var split = provider.LastIndexOf("::", StringComparison.Ordinal);
                            Current = split > 0 ? provider.AsMemory(0, split) : provider.AsMemory();
                            return true;
                        }

                        break;
                    case 1:
                        stage = 2;
                        if (resource.Parent is { } parent)
                        {
                            Current = parent.Value.AsMemory();
                            return true;
                        }

                        break;
                    case 2:
                        // The dependencies, then each property's URNs in turn.
                        if (!urns.IsDefault && index < urns.Length)
                        {
                            Current = urns[index++].Value.AsMemory();
                            return true;
                        }

                        if (!enumeratingProperties)
                        {
                            properties = resource.PropertyDependencies.GetEnumerator();
                            enumeratingProperties = true;
                        }

                        if (!properties.MoveNext())
                        {
                            stage = 3;
                            return false;
                        }

                        urns = properties.Current.Value;
                        index = 0;
                        break;
                    default:
                        return false;
                }
            }
        }

        public void Dispose()
        {
            if (enumeratingProperties)
            {
                properties.Dispose();
                enumeratingProperties = false;
            }
        }
    }
}
