namespace Infra.GitOps.State;

/// <summary>
/// The record of one operation (up, destroy, refresh) in progress. Protocol per step: call
/// <see cref="BeginStepAsync"/> before calling the provider (it records a pending operation), then
/// <see cref="SucceedStepAsync"/> or <see cref="FailStepAsync"/>. Each call costs O(1). Entries are kept in the
/// order of the calls. <see cref="BeginStepAsync"/> returns once its entry, and every entry before it, is durable
/// (concurrent begins share one disk sync); the ends of steps are recorded at once but not waited for: they become
/// durable with the next begin or with <see cref="CompleteAsync"/>. A crash may thus lose the end of a step,
/// which then stays a pending operation that crash recovery settles by reading the resource, but never the begin
/// of a step whose provider call was made. Safe for concurrent calls from parallel steps.
/// </summary>
public interface IStateJournal : IAsyncDisposable
{
    /// <summary>
    /// A hint, before the first step, that about <paramref name="steps"/> steps will be recorded: a journal may size
    /// what it keeps per step once rather than grow it. Does nothing by default.
    /// </summary>
    void ExpectSteps(int steps)
    {
    }

    /// <summary>Records that <paramref name="operation"/> is about to be sent to the provider; returns once that is durable.</summary>
    Task BeginStepAsync(PendingOperation operation, CancellationToken cancellationToken);

    /// <summary>
    /// Records a finished step: <paramref name="newState"/> replaces the resource with the same URN (and the same
    /// <see cref="ResourceState.Delete"/> flag as <paramref name="operation"/>'s resource), or removes it when null.
    /// Clears the pending operation. A step that calls no provider (a component, a change of options only) may
    /// record only its end, with no begin.
    /// </summary>
    Task SucceedStepAsync(PendingOperation operation, ResourceState? newState, CancellationToken cancellationToken);

    /// <summary>Records that the step failed cleanly (the provider answered with an error): clears the pending operation.</summary>
    Task FailStepAsync(PendingOperation operation, CancellationToken cancellationToken);

    /// <summary>The snapshot as the journal has it now (base plus entries so far).</summary>
    StackSnapshot Current { get; }

    /// <summary>Writes the final checkpoint atomically and removes the journal.</summary>
    Task<StackSnapshot> CompleteAsync(CancellationToken cancellationToken);
}
