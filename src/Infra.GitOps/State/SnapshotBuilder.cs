using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

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
    private const int PendingCapacityLimit = 2048;
    private const int PresentCacheSize = 8;

    private readonly List<ResourceState?> slots;

    // By URN: where its copies are, the highest slot it ever had, whether something referred to it before it had one.
    // One entry per URN, so that an entry costs one hash of the URN, not one per index.
    private readonly Dictionary<string, UrnSlots> urns;
    private readonly Dictionary<StepKey, (long Sequence, PendingOperation Operation)> pending = new();
    private readonly DateTimeOffset time;
    private int count;
    private bool unordered;
    private bool appendedOnly;
    private long sequence;
    private StackSnapshot? cached;
    private readonly KnownUrn[] present = new KnownUrn[PresentCacheSize];
    private int nextPresent;

    public SnapshotBuilder(StackSnapshot baseSnapshot)
    {
        slots = new List<ResourceState?>(baseSnapshot.Resources.Length + 16);
        urns = new Dictionary<string, UrnSlots>(baseSnapshot.Resources.Length + 16, StringComparer.Ordinal);
        time = baseSnapshot.Time;
        foreach (var resource in baseSnapshot.Resources)
        {
            Put(resource);
        }

        foreach (var operation in baseSnapshot.PendingOperations.IsDefault ? ImmutableArray<PendingOperation>.Empty : baseSnapshot.PendingOperations)
        {
            pending[StepKey.Of(operation)] = (sequence++, operation);
        }

        appendedOnly = slots.Count == 0;
        cached = baseSnapshot;
    }

    /// <summary>
    /// True while the resources are exactly the new states of the succeeded steps applied so far, in that order, and
    /// that order is valid: the base had none, and no step replaced, removed or re-keyed a resource. Then every
    /// <see cref="StepSucceeded"/> with a new state appended it, and <see cref="ToSnapshot"/> lists resources in the
    /// order their steps succeeded (what lets a checkpoint be written while the operation runs). Once false, stays false.
    /// </summary>
    public bool AppendedOnly => appendedOnly && !unordered;

    /// <summary>Sizes the indexes for <paramref name="more"/> resources beyond those held (they grow by doubling otherwise).</summary>
    public void EnsureCapacity(int more)
    {
        slots.EnsureCapacity(slots.Count + more);
        urns.EnsureCapacity(urns.Count + more);

        // Pending operations are the steps in flight: rarely more than a few thousand at once.
        pending.EnsureCapacity(pending.Count + Math.Min(more, PendingCapacityLimit));
    }

    public void Apply(JournalEntry entry)
    {
        switch (entry)
        {
            case StepBegun begun:
                Begin(begun.Operation);
                break;
            case StepSucceeded succeeded:
                Succeed(succeeded.Step, succeeded.NewState);
                break;
            case StepFailed failed:
                Fail(failed.Step);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(entry), entry.GetType().Name, "unknown journal entry");
        }
    }

    /// <summary>Applies a <see cref="StepBegun"/> of <paramref name="operation"/>.</summary>
    public void Begin(PendingOperation operation)
    {
        cached = null;
        pending[StepKey.Of(operation)] = (sequence++, operation);
    }

    /// <summary>Applies a <see cref="StepSucceeded"/>.</summary>
    public void Succeed(StepKey step, ResourceState? newState)
    {
        cached = null;
        pending.Remove(step);
        Replace(step, newState);
    }

    /// <summary>Applies a <see cref="StepFailed"/>.</summary>
    public void Fail(StepKey step)
    {
        cached = null;
        pending.Remove(step);
    }

    public StackSnapshot ToSnapshot()
    {
        if (cached is not null)
        {
            return cached;
        }

        var live = ImmutableArray.CreateBuilder<ResourceState>(count);
        foreach (var slot in slots)
        {
            if (slot is not null)
            {
                live.Add(slot);
            }
        }

        var operations = pending.Values.OrderBy(p => p.Sequence).Select(p => p.Operation).ToImmutableArray();
        cached = new StackSnapshot(unordered ? [.. TopologicalOrder.Sort(live)] : live.DrainToImmutable(), operations, time);
        return cached;
    }

    private void Replace(StepKey step, ResourceState? newState)
    {
        ref var entry = ref CollectionsMarshal.GetValueRefOrNullRef(urns, step.Urn.Value);
        var slot = Unsafe.IsNullRef(ref entry) ? 0 : entry.Of(step.Delete);
        if (newState is null)
        {
            if (slot != 0)
            {
                Vacate(ref entry, step.Delete);
            }

            appendedOnly = false;
            return;
        }

        if (slot == 0)
        {
            Put(newState);
            return;
        }

        appendedOnly = false;

        // The step may re-key the resource (an old copy marked delete: true for a create-before-delete replacement);
        // a copy already under the new key is superseded.
        entry.Of(step.Delete) = 0;
        ref var target = ref newState.Urn.Value == step.Urn.Value ? ref entry : ref CollectionsMarshal.GetValueRefOrAddDefault(urns, newState.Urn.Value, out _);
        if (target.Of(newState.Delete) != 0)
        {
            Vacate(ref target, newState.Delete);
        }

        target.Of(newState.Delete) = slot;
        target.Last = Math.Max(target.Last, slot);
        slots[slot - 1] = newState;
        Track(newState, slot - 1, appended: false);
    }

    private void Put(ResourceState resource)
    {
        ref var entry = ref CollectionsMarshal.GetValueRefOrAddDefault(urns, resource.Urn.Value, out _);
        ref var slot = ref entry.Of(resource.Delete);
        if (slot != 0)
        {
            slots[slot - 1] = resource;
            appendedOnly = false;
            Track(resource, slot - 1, appended: false);
            return;
        }

        // A URN seen before (a second copy for a replacement, a re-creation after a delete) or one that something
        // before it already refers to comes after resources that may depend on it.
        if (entry.Last != 0 || entry.Referred)
        {
            unordered = true;
        }

        slots.Add(resource);
        count++;
        slot = slots.Count;
        entry.Last = slots.Count;
        Track(resource, slots.Count - 1, appended: true);
    }

    /// <summary>Empties the slot of the copy of a URN with that delete flag (the caller checked there is one).</summary>
    private void Vacate(ref UrnSlots entry, bool delete)
    {
        ref var slot = ref entry.Of(delete);
        slots[slot - 1] = null;
        slot = 0;
        count--;
    }

    /// <summary>Notes whether <paramref name="resource"/>, at <paramref name="slot"/>, comes after everything it refers to.</summary>
    private void Track(ResourceState resource, int slot, bool appended)
    {
        if (unordered)
        {
            return;
        }

        var byName = urns.GetAlternateLookup<ReadOnlySpan<char>>();
        foreach (var urn in resource.ReferencedUrns())
        {
            if (appended && KnownPresent(urn))
            {
                continue;
            }

            var target = urn.Span;
            if (target.SequenceEqual(resource.Urn.Value))
            {
                continue;
            }

            if (!byName.TryGetValue(target, out var referred) || referred.Last == 0)
            {
                // Unknown for now (ignored when sorting): a resource that later takes this URN comes after its dependent.
                byName[target] = referred with { Referred = true };
            }
            else if (referred.Last - 1 > slot)
            {
                unordered = true;
                return;
            }

            Remember(urn, resource);
        }
    }

    /// <summary>
    /// Whether <paramref name="urn"/> (a slice of a string) is, by reference, one that <see cref="Track"/> already
    /// checked for a resource it appended. Checking it again for another appended resource can find nothing new while the
    /// order is valid: a URN that had a slot still has one (its highest slot is never forgotten, and a URN put again makes
    /// the order invalid), and an appended resource comes after every slot; a URN without one is already marked as
    /// referred. Most states refer to the same parent and provider, and a property's dependency is usually one of the
    /// dependencies just checked: no lookup (a hash of a long string) for those.
    /// </summary>
    private bool KnownPresent(ReadOnlyMemory<char> urn)
    {
        if (!MemoryMarshal.TryGetString(urn, out var text, out var start, out var length))
        {
            return false;
        }

        foreach (var known in present)
        {
            if (ReferenceEquals(known.Text, text) && known.Start == start && known.Length == length)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Notes that <paramref name="urn"/> was checked: the parent's and the provider's in slots of their own (most states
    /// share them), any other in the rest, in turn (enough for a property's dependency checked as a dependency just before).
    /// </summary>
    private void Remember(ReadOnlyMemory<char> urn, ResourceState resource)
    {
        if (!MemoryMarshal.TryGetString(urn, out var text, out var start, out var length))
        {
            return;
        }

        int slot;
        if (ReferenceEquals(text, resource.Provider))
        {
            slot = 0;
        }
        else if (resource.Parent is { } parent && ReferenceEquals(text, parent.Value))
        {
            slot = 1;
        }
        else
        {
            slot = 2 + nextPresent;
            nextPresent = (nextPresent + 1) % (PresentCacheSize - 2);
        }

        present[slot] = new KnownUrn(text, start, length);
    }

    private readonly record struct KnownUrn(string? Text, int Start, int Length);

    /// <summary>
    /// Where the copies of one URN are, as slot + 1 (0: none): the live copy and the one marked delete: true; the
    /// highest slot + 1 it ever had (kept after a delete: stale entries only make the order check conservative); and
    /// whether something referred to it before it had a slot.
    /// </summary>
    private struct UrnSlots
    {
        public int Live;
        public int Deleted;
        public int Last;
        public bool Referred;

        [System.Diagnostics.CodeAnalysis.UnscopedRef]
        public ref int Of(bool delete) => ref delete ? ref Deleted : ref Live;
    }
}
