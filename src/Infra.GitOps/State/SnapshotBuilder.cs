using System.Collections.Immutable;

namespace Infra.GitOps.State;

/// <summary>
/// The in-memory state of an operation in progress, updated in O(1) per journal entry: resources in slots (the base
/// snapshot's order, new resources appended in journal order) indexed by (URN, delete flag), plus the pending
/// operations. <see cref="ToSnapshot"/> materialises a snapshot in valid topological order, cached until the next
/// change. Whether the slots are still in a valid order is tracked as entries arrive (a journal appends each new
/// resource after what it refers to), so that materialising sorts only when an entry broke the order.
/// Not thread-safe: callers serialise access.
/// </summary>
internal sealed class SnapshotBuilder
{
    private readonly List<ResourceState?> slots;
    private readonly Dictionary<(string Urn, bool Delete), int> index;
    private readonly Dictionary<StepKey, (long Sequence, PendingOperation Operation)> pending = new();
    private readonly HashSet<string> unresolved = new(StringComparer.Ordinal);

    // The highest slot each URN ever had (kept after a delete: stale entries only make the order check conservative).
    private readonly Dictionary<string, int> lastSlot = new(StringComparer.Ordinal);
    private readonly DateTimeOffset time;
    private bool unordered;
    private long sequence;
    private StackSnapshot? cached;

    public SnapshotBuilder(StackSnapshot baseSnapshot)
    {
        slots = new List<ResourceState?>(baseSnapshot.Resources.Length + 16);
        index = new Dictionary<(string, bool), int>(baseSnapshot.Resources.Length + 16);
        time = baseSnapshot.Time;
        foreach (var resource in baseSnapshot.Resources)
        {
            Put(resource);
        }

        foreach (var operation in baseSnapshot.PendingOperations.IsDefault ? ImmutableArray<PendingOperation>.Empty : baseSnapshot.PendingOperations)
        {
            pending[StepKey.Of(operation)] = (sequence++, operation);
        }

        cached = baseSnapshot;
    }

    /// <summary>Sizes the indexes for <paramref name="more"/> resources beyond those held (they grow by doubling otherwise).</summary>
    public void EnsureCapacity(int more)
    {
        slots.EnsureCapacity(slots.Count + more);
        index.EnsureCapacity(index.Count + more);
        lastSlot.EnsureCapacity(lastSlot.Count + more);
    }

    public void Apply(JournalEntry entry)
    {
        cached = null;
        switch (entry)
        {
            case StepBegun begun:
                pending[begun.Step] = (sequence++, begun.Operation);
                break;
            case StepSucceeded succeeded:
                pending.Remove(succeeded.Step);
                Replace(succeeded.Step, succeeded.NewState);
                break;
            case StepFailed failed:
                pending.Remove(failed.Step);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(entry), entry.GetType().Name, "unknown journal entry");
        }
    }

    public StackSnapshot ToSnapshot()
    {
        if (cached is not null)
        {
            return cached;
        }

        var live = new List<ResourceState>(index.Count);
        foreach (var slot in slots)
        {
            if (slot is not null)
            {
                live.Add(slot);
            }
        }

        var operations = pending.Values.OrderBy(p => p.Sequence).Select(p => p.Operation).ToImmutableArray();
        cached = new StackSnapshot([.. unordered ? TopologicalOrder.Sort(live) : live], operations, time);
        return cached;
    }

    private void Replace(StepKey step, ResourceState? newState)
    {
        var key = (step.Urn.Value, step.Delete);
        if (newState is null)
        {
            if (index.Remove(key, out var removed))
            {
                slots[removed] = null;
            }

            return;
        }

        var newKey = (newState.Urn.Value, newState.Delete);
        if (index.Remove(key, out var slot))
        {
            // The step may re-key the resource (an old copy marked delete: true for a create-before-delete
            // replacement); a copy already under the new key is superseded.
            if (index.Remove(newKey, out var superseded) && superseded != slot)
            {
                slots[superseded] = null;
            }

            slots[slot] = newState;
            index[newKey] = slot;
            Track(newState, slot);
            return;
        }

        Put(newState);
    }

    private void Put(ResourceState resource)
    {
        var key = (resource.Urn.Value, resource.Delete);
        if (index.TryGetValue(key, out var existing))
        {
            slots[existing] = resource;
            Track(resource, existing);
            return;
        }

        // A URN seen before (a second copy for a replacement, a re-creation after a delete) or one that something
        // before it already refers to comes after resources that may depend on it.
        if (lastSlot.ContainsKey(resource.Urn.Value) || unresolved.Remove(resource.Urn.Value))
        {
            unordered = true;
        }

        index[key] = slots.Count;
        lastSlot[resource.Urn.Value] = slots.Count;
        slots.Add(resource);
        Track(resource, slots.Count - 1);
    }

    /// <summary>Notes whether <paramref name="resource"/>, at <paramref name="slot"/>, comes after everything it refers to.</summary>
    private void Track(ResourceState resource, int slot)
    {
        if (unordered)
        {
            return;
        }

        var slots = lastSlot.GetAlternateLookup<ReadOnlySpan<char>>();
        foreach (var urn in resource.ReferencedUrns())
        {
            Refer(slots, urn.Span, resource, slot);
        }
    }

    private void Refer(Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> slots, ReadOnlySpan<char> target, ResourceState resource, int slot)
    {
        if (target.SequenceEqual(resource.Urn.Value))
        {
            return;
        }

        if (!slots.TryGetValue(target, out var at))
        {
            // Unknown for now (ignored when sorting): a resource that later takes this URN comes after its dependent.
            unresolved.Add(target.ToString());
        }
        else if (at > slot)
        {
            unordered = true;
        }
    }
}
