using Infra.GitOps.State;

namespace Infra.GitOps.Bench.Engine;

/// <summary>A store that keeps nothing and hands out <see cref="NoOpStateJournal"/>s.</summary>
internal sealed class NoPersistenceStateStore : IStateStore
{
    public Task<StackSnapshot?> LoadAsync(string stack, CancellationToken cancellationToken) => Task.FromResult<StackSnapshot?>(null);

    public Task<IStackLock> AcquireLockAsync(string stack, LockOwner owner, CancellationToken cancellationToken) =>
        Task.FromResult<IStackLock>(new NoLock(stack, owner));

    public Task<bool> BreakLockAsync(string stack, CancellationToken cancellationToken) => Task.FromResult(false);

    public Task<IStateJournal> BeginOperationAsync(IStackLock stackLock, StackSnapshot baseSnapshot, CancellationToken cancellationToken) =>
        Task.FromResult<IStateJournal>(new NoOpStateJournal(baseSnapshot));

    public Task SaveAsync(IStackLock stackLock, StackSnapshot snapshot, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<IReadOnlyList<string>> ListStacksAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<string>>([]);

    private sealed record NoLock(string Stack, LockOwner Owner) : IStackLock
    {
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
