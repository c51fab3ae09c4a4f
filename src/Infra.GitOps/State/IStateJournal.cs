namespace Infra.GitOps.State;

/// <summary>
/// The record of one operation (up, destroy, refresh) in progress. Protocol per step: call
/// <see cref="BeginStepAsync"/> before calling the provider (it records a pending operation), then
/// <see cref="SucceedStepAsync"/> or <see cref="FailStepAsync"/>. Each call costs O(1) and is durable when it
/// returns. Safe for concurrent calls from parallel steps.
/// </summary>
public interface IStateJournal : IAsyncDisposable
{
    /// <summary>Records that <paramref name="operation"/> is about to be sent to the provider.</summary>
    Task BeginStepAsync(PendingOperation operation, CancellationToken cancellationToken);

    /// <summary>
    /// Records a finished step: <paramref name="newState"/> replaces the resource with the same URN (and the same
    /// <see cref="ResourceState.Delete"/> flag as <paramref name="operation"/>'s resource), or removes it when null.
    /// Clears the pending operation.
    /// </summary>
    Task SucceedStepAsync(PendingOperation operation, ResourceState? newState, CancellationToken cancellationToken);

    /// <summary>Records that the step failed cleanly (the provider answered with an error): clears the pending operation.</summary>
    Task FailStepAsync(PendingOperation operation, CancellationToken cancellationToken);

    /// <summary>The snapshot as the journal has it now (base plus entries so far).</summary>
    StackSnapshot Current { get; }

    /// <summary>Writes the final checkpoint atomically and removes the journal.</summary>
    Task<StackSnapshot> CompleteAsync(CancellationToken cancellationToken);
}
