namespace Infra.GitOps.State;

/// <summary>
/// The compact JSON of resource states already serialized for the journal, kept so that the checkpoint written when the
/// operation completes copies them instead of serializing every resource a second time. Keyed by reference (a state
/// object is immutable, so its bytes stay valid). Not thread-safe: one writer adds, and lookups happen after it stopped.
/// </summary>
internal sealed class SerializedResources
{
    private readonly Dictionary<ResourceState, ReadOnlyMemory<byte>> slices = new(ReferenceEqualityComparer.Instance);

    /// <summary>How many states are kept.</summary>
    public int Count => slices.Count;

    /// <summary>Keeps <paramref name="json"/> (not copied: it must not change), the compact serialization of <paramref name="state"/>.</summary>
    public void Add(ResourceState state, ReadOnlyMemory<byte> json) => slices[state] = json;

    /// <summary>The bytes kept for <paramref name="state"/> (this very object), or empty.</summary>
    public ReadOnlyMemory<byte> Find(ResourceState state) => slices.GetValueOrDefault(state);
}
