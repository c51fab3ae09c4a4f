using System.Collections.Immutable;

namespace Infra.GitOps.State;

/// <summary>
/// The in-memory state of an operation in progress, updated in O(1) per journal entry: resources in slots (the base
/// snapshot's order, new resources appended in journal order) indexed by (URN, delete flag), plus the pending
/// operations. <see cref="ToSnapshot"/> materialises a snapshot in valid topological order, cached until the next
/// change. Not thread-safe: callers serialise access.
/// </summary>
internal sealed class SnapshotBuilder
{
    private readonly List<ResourceState?> slots;
    private readonly Dictionary<(string Urn, bool Delete), int> index;
    private readonly Dictionary<StepKey, (long Sequence, PendingOperation Operation)> pending = new();
    private readonly DateTimeOffset time;
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
        cached = new StackSnapshot([.. TopologicalOrder.Sort(live)], operations, time);
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
            return;
        }

        index[key] = slots.Count;
        slots.Add(resource);
    }
}
