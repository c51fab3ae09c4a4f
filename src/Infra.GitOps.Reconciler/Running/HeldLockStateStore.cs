using Infra.GitOps.State;

namespace Infra.GitOps.Reconciler.Running;

/// <summary>
/// A state store seen through a lock the reconciler already holds: the engine's operations take the stack's lock
/// themselves, so asking for the held stack hands back the held lock (released by the reconciler, not by the
/// engine). Every other call goes to the real store.
/// </summary>
internal sealed class HeldLockStateStore(IStateStore inner, IStackLock held) : IStateStore
{
    public Task<StackSnapshot?> LoadAsync(string stack, CancellationToken cancellationToken) => inner.LoadAsync(stack, cancellationToken);

    public Task<IStackLock> AcquireLockAsync(string stack, LockOwner owner, CancellationToken cancellationToken) =>
        stack == held.Stack ? Task.FromResult<IStackLock>(new Borrowed(held)) : inner.AcquireLockAsync(stack, owner, cancellationToken);

    public Task<bool> BreakLockAsync(string stack, CancellationToken cancellationToken) => inner.BreakLockAsync(stack, cancellationToken);

    public Task<IStateJournal> BeginOperationAsync(IStackLock stackLock, StackSnapshot baseSnapshot, CancellationToken cancellationToken) =>
        inner.BeginOperationAsync(Unwrap(stackLock), baseSnapshot, cancellationToken);

    public Task SaveAsync(IStackLock stackLock, StackSnapshot snapshot, CancellationToken cancellationToken) =>
        inner.SaveAsync(Unwrap(stackLock), snapshot, cancellationToken);

    public Task<IReadOnlyList<string>> ListStacksAsync(CancellationToken cancellationToken) => inner.ListStacksAsync(cancellationToken);

    private static IStackLock Unwrap(IStackLock stackLock) => stackLock is Borrowed borrowed ? borrowed.Held : stackLock;

    private sealed class Borrowed(IStackLock held) : IStackLock
    {
        public IStackLock Held => held;

        public string Stack => held.Stack;

        public LockOwner Owner => held.Owner;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
