using System.Collections.Concurrent;
using Infra.GitOps.State;

namespace Infra.GitOps.Reconciler.Tests.Support;

/// <summary>Only the lock part of a state store, for the loop's unit tests (integration tests use the file store).</summary>
public sealed class LockingStateStore : IStateStore
{
    private readonly ConcurrentDictionary<string, LockOwner> held = new(StringComparer.Ordinal);

    private int acquired;

    public int Acquired => Volatile.Read(ref acquired);

    public void HoldElsewhere(string stack) => held[stack] = new LockOwner("alice", 1, "elsewhere", "up", DateTimeOffset.UnixEpoch);

    public Task<IStackLock> AcquireLockAsync(string stack, LockOwner owner, CancellationToken cancellationToken)
    {
        if (!held.TryAdd(stack, owner))
        {
            throw new LockConflictException($"stack '{stack}' is locked by {held[stack].Owner}");
        }

        Interlocked.Increment(ref acquired);
        return Task.FromResult<IStackLock>(new Held(this, stack, owner));
    }

    public Task<StackSnapshot?> LoadAsync(string stack, CancellationToken cancellationToken) => Task.FromResult<StackSnapshot?>(null);

    public Task<bool> BreakLockAsync(string stack, CancellationToken cancellationToken) => Task.FromResult(held.TryRemove(stack, out _));

    public Task<IStateJournal> BeginOperationAsync(IStackLock stackLock, StackSnapshot baseSnapshot, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task SaveAsync(IStackLock stackLock, StackSnapshot snapshot, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<IReadOnlyList<string>> ListStacksAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<string>>(held.Keys.ToList());

    private sealed class Held(LockingStateStore store, string stack, LockOwner owner) : IStackLock
    {
        public string Stack => stack;

        public LockOwner Owner => owner;

        public ValueTask DisposeAsync()
        {
            store.held.TryRemove(stack, out _);
            return ValueTask.CompletedTask;
        }
    }
}
