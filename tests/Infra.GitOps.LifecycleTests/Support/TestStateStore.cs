using Infra.GitOps.State;

namespace Infra.GitOps.LifecycleTests.Support;

/// <summary>
/// A minimal in-memory <see cref="IStateStore"/> over the state branch's shared <see cref="StateJournal"/>
/// protocol: a journal disposed without completing stays, and the next load replays it (as after a crash).
/// </summary>
internal sealed class TestStateStore : IStateStore
{
    private readonly object gate = new();
    private readonly Dictionary<string, StackSnapshot> checkpoints = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (StackSnapshot Base, List<JournalEntry> Entries)> journals = new(StringComparer.Ordinal);
    private readonly HashSet<string> locked = new(StringComparer.Ordinal);

    public int CompletedOperations { get; private set; }

    public Task<StackSnapshot?> LoadAsync(string stack, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (journals.TryGetValue(stack, out var journal))
            {
                return Task.FromResult<StackSnapshot?>(StateJournal.Replay(journal.Base, journal.Entries.ToList()));
            }

            return Task.FromResult(checkpoints.GetValueOrDefault(stack));
        }
    }

    public Task<IStackLock> AcquireLockAsync(string stack, LockOwner owner, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (!locked.Add(stack))
            {
                throw new LockConflictException($"stack '{stack}' is locked");
            }
        }

        return Task.FromResult<IStackLock>(new TestLock(this, stack, owner));
    }

    public Task<bool> BreakLockAsync(string stack, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult(locked.Remove(stack));
        }
    }

    public Task<IStateJournal> BeginOperationAsync(IStackLock stackLock, StackSnapshot baseSnapshot, CancellationToken cancellationToken)
    {
        var entries = new List<JournalEntry>();
        lock (gate)
        {
            journals[stackLock.Stack] = (baseSnapshot, entries);
        }

        return Task.FromResult<IStateJournal>(new TestJournal(this, stackLock.Stack, baseSnapshot, entries));
    }

    public Task SaveAsync(IStackLock stackLock, StackSnapshot snapshot, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            checkpoints[stackLock.Stack] = snapshot;
            journals.Remove(stackLock.Stack);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> ListStacksAsync(CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult<IReadOnlyList<string>>(checkpoints.Keys.Union(journals.Keys).Order().ToList());
        }
    }

    private sealed class TestLock(TestStateStore store, string stack, LockOwner owner) : IStackLock
    {
        public string Stack => stack;

        public LockOwner Owner => owner;

        public ValueTask DisposeAsync()
        {
            lock (store.gate)
            {
                store.locked.Remove(stack);
            }

            return ValueTask.CompletedTask;
        }
    }

    private sealed class TestJournal(TestStateStore store, string stack, StackSnapshot baseSnapshot, List<JournalEntry> entries)
        : StateJournal(baseSnapshot, TimeProvider.System)
    {
        protected override Task AppendAsync(JournalEntry entry, CancellationToken cancellationToken)
        {
            lock (store.gate)
            {
                entries.Add(entry);
            }

            return Task.CompletedTask;
        }

        protected override Task CommitAsync(StackSnapshot snapshot, CancellationToken cancellationToken)
        {
            lock (store.gate)
            {
                store.checkpoints[stack] = snapshot;
                store.journals.Remove(stack);
                store.CompletedOperations++;
            }

            return Task.CompletedTask;
        }

        protected override ValueTask CloseAsync() => ValueTask.CompletedTask;
    }
}
