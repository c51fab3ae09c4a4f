using System.Collections.Immutable;
using Infra.GitOps.State;

namespace Infra.GitOps.Testing.State;

/// <summary>
/// An <see cref="IStateStore"/> in memory for tests, with the file store's semantics: locks refuse a second holder
/// with the same <see cref="LockConflictException"/> message, journals record each step and a journal disposed
/// without <see cref="IStateJournal.CompleteAsync"/> is replayed by the next <see cref="LoadAsync"/> (a simulated
/// crash), and the last <see cref="HistoryLimit"/> checkpoints are kept. Thread-safe.
/// </summary>
public sealed class InMemoryStateStore : IStateStore
{
    private readonly object gate = new();
    private readonly Dictionary<string, StackRecord> stacks = new(StringComparer.Ordinal);
    private readonly TimeProvider timeProvider;

    /// <summary>Creates an empty store; <paramref name="timeProvider"/> stamps snapshots (the system clock by default).</summary>
    public InMemoryStateStore(TimeProvider? timeProvider = null)
    {
        this.timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>How many previous checkpoints each stack keeps.</summary>
    public int HistoryLimit { get; init; } = 10;

    /// <summary>Sets a stack's checkpoint directly (test setup), clearing any journal.</summary>
    public void Seed(string stack, StackSnapshot snapshot)
    {
        ArgumentException.ThrowIfNullOrEmpty(stack);
        ArgumentNullException.ThrowIfNull(snapshot);
        lock (gate)
        {
            var record = Record(stack);
            record.Checkpoint = snapshot;
            record.Journal = null;
        }
    }

    /// <summary>The stack's checkpoint as last written, without replaying a journal (null when none).</summary>
    public StackSnapshot? GetCheckpoint(string stack)
    {
        lock (gate)
        {
            return stacks.GetValueOrDefault(stack)?.Checkpoint;
        }
    }

    /// <summary>The entries of the stack's unfinished journal, or empty when there is none.</summary>
    public ImmutableArray<JournalEntry> GetJournal(string stack)
    {
        lock (gate)
        {
            return stacks.GetValueOrDefault(stack)?.Journal?.ToImmutableArray() ?? ImmutableArray<JournalEntry>.Empty;
        }
    }

    /// <summary>The stack's previous checkpoints, newest first.</summary>
    public ImmutableArray<StackSnapshot> GetHistory(string stack)
    {
        lock (gate)
        {
            return stacks.GetValueOrDefault(stack)?.History.AsEnumerable().Reverse().ToImmutableArray() ?? ImmutableArray<StackSnapshot>.Empty;
        }
    }

    /// <summary>Who holds the stack's lock, or null.</summary>
    public LockOwner? GetLockHolder(string stack)
    {
        lock (gate)
        {
            return stacks.GetValueOrDefault(stack)?.Lock?.Owner;
        }
    }

    /// <inheritdoc />
    public Task<StackSnapshot?> LoadAsync(string stack, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(stack);
        lock (gate)
        {
            if (!stacks.TryGetValue(stack, out var record) || (record.Checkpoint is null && record.Journal is null))
            {
                return Task.FromResult<StackSnapshot?>(null);
            }

            var snapshot = record.Checkpoint ?? StackSnapshot.Empty;
            return Task.FromResult<StackSnapshot?>(record.Journal is null ? snapshot : StateJournal.Replay(snapshot, record.Journal));
        }
    }

    /// <inheritdoc />
    /// <exception cref="LockConflictException">Another holder has the lock.</exception>
    public Task<IStackLock> AcquireLockAsync(string stack, LockOwner owner, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(stack);
        ArgumentNullException.ThrowIfNull(owner);
        lock (gate)
        {
            var record = Record(stack);
            if (record.Lock is { } held)
            {
                throw LockConflictException.ForHolder(stack, held.Owner);
            }

            var acquired = new InMemoryStackLock(this, stack, owner);
            record.Lock = acquired;
            return Task.FromResult<IStackLock>(acquired);
        }
    }

    /// <inheritdoc />
    public Task<bool> BreakLockAsync(string stack, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (stacks.TryGetValue(stack, out var record) && record.Lock is not null)
            {
                record.Lock = null;
                return Task.FromResult(true);
            }

            return Task.FromResult(false);
        }
    }

    /// <inheritdoc />
    /// <exception cref="GitOpsException">The lock is released or was broken.</exception>
    public Task<IStateJournal> BeginOperationAsync(IStackLock stackLock, StackSnapshot baseSnapshot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(baseSnapshot);
        lock (gate)
        {
            var record = CheckLock(stackLock);

            // As the file store: the base becomes the checkpoint the new journal replays onto.
            record.Checkpoint = baseSnapshot;
            var entries = new List<JournalEntry>();
            record.Journal = entries;
            return Task.FromResult<IStateJournal>(new InMemoryStateJournal(this, (InMemoryStackLock)stackLock, entries, baseSnapshot, timeProvider));
        }
    }

    /// <inheritdoc />
    /// <exception cref="GitOpsException">The lock is released or was broken.</exception>
    public Task SaveAsync(IStackLock stackLock, StackSnapshot snapshot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        lock (gate)
        {
            Commit(CheckLock(stackLock), snapshot);
            return Task.CompletedTask;
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> ListStacksAsync(CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult<IReadOnlyList<string>>(
                [.. stacks.Where(s => s.Value.Checkpoint is not null || s.Value.Journal is not null).Select(s => s.Key).Order(StringComparer.Ordinal)]);
        }
    }

    internal void Append(InMemoryStackLock stackLock, List<JournalEntry> entries, JournalEntry entry)
    {
        lock (gate)
        {
            CheckLock(stackLock);
            entries.Add(entry);
        }
    }

    internal void Complete(InMemoryStackLock stackLock, List<JournalEntry> entries, StackSnapshot snapshot)
    {
        lock (gate)
        {
            var record = CheckLock(stackLock);
            if (ReferenceEquals(record.Journal, entries))
            {
                Commit(record, snapshot);
            }
        }
    }

    internal void Release(InMemoryStackLock stackLock)
    {
        lock (gate)
        {
            if (stacks.TryGetValue(stackLock.Stack, out var record) && ReferenceEquals(record.Lock, stackLock))
            {
                record.Lock = null;
            }
        }
    }

    private void Commit(StackRecord record, StackSnapshot snapshot)
    {
        record.Checkpoint = snapshot;
        record.Journal = null;
        record.History.Add(snapshot);
        if (record.History.Count > HistoryLimit)
        {
            record.History.RemoveRange(0, record.History.Count - HistoryLimit);
        }
    }

    private StackRecord CheckLock(IStackLock stackLock)
    {
        ArgumentNullException.ThrowIfNull(stackLock);
        if (stackLock is not InMemoryStackLock held || !ReferenceEquals(held.Store, this))
        {
            throw new ArgumentException("the lock was not taken from this store", nameof(stackLock));
        }

        if (!stacks.TryGetValue(held.Stack, out var record) || !ReferenceEquals(record.Lock, held))
        {
            throw new GitOpsException(
                $"the lock on stack '{held.Stack}' is no longer held (released, or broken with `infra-gitops stack unlock`); take it again");
        }

        return record;
    }

    private StackRecord Record(string stack)
    {
        if (!stacks.TryGetValue(stack, out var record))
        {
            record = new StackRecord();
            stacks.Add(stack, record);
        }

        return record;
    }

    private sealed class StackRecord
    {
        public StackSnapshot? Checkpoint { get; set; }

        public List<JournalEntry>? Journal { get; set; }

        public InMemoryStackLock? Lock { get; set; }

        public List<StackSnapshot> History { get; } = [];
    }
}
