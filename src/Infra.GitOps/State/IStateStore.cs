namespace Infra.GitOps.State;

/// <summary>
/// Where stacks' checkpoints live (local files by default, PostgreSQL for several reconcilers). Implementations
/// are safe for concurrent use by several stacks; one stack is changed only under its <see cref="IStackLock"/>.
/// </summary>
public interface IStateStore
{
    /// <summary>
    /// The stack's latest snapshot, with any journal of an interrupted operation replayed onto it (so
    /// <see cref="StackSnapshot.PendingOperations"/> shows what a crash left unsettled), or null for a new stack.
    /// </summary>
    Task<StackSnapshot?> LoadAsync(string stack, CancellationToken cancellationToken);

    /// <summary>
    /// Takes the stack's lock. Throws <see cref="LockConflictException"/> at once when another holder has it,
    /// naming the holder and how to break a stale lock.
    /// </summary>
    Task<IStackLock> AcquireLockAsync(string stack, LockOwner owner, CancellationToken cancellationToken);

    /// <summary>Breaks the stack's lock whoever holds it (<c>infra-gitops stack unlock</c>). False when unlocked.</summary>
    Task<bool> BreakLockAsync(string stack, CancellationToken cancellationToken);

    /// <summary>
    /// Starts an operation on a locked stack from <paramref name="baseSnapshot"/>: each step's begin and end
    /// are appended to a journal at O(1) cost, and <see cref="IStateJournal.CompleteAsync"/> compacts them into a
    /// new checkpoint.
    /// </summary>
    Task<IStateJournal> BeginOperationAsync(IStackLock stackLock, StackSnapshot baseSnapshot, CancellationToken cancellationToken);

    /// <summary>Replaces the stack's checkpoint whole (import); atomic; keeps a few previous checkpoints.</summary>
    Task SaveAsync(IStackLock stackLock, StackSnapshot snapshot, CancellationToken cancellationToken);

    /// <summary>The names of the stacks that have state.</summary>
    Task<IReadOnlyList<string>> ListStacksAsync(CancellationToken cancellationToken);
}
