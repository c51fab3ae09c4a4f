namespace Infra.GitOps.State;

/// <summary>
/// A journal that hands the record of a step's begin to the caller, which gives it back with the step's end, instead of
/// keeping it by operation in between. The engine holds it with the step: no index shared by every step is locked,
/// hashed and changed twice per step (measured: a tenth of what persisting a step costs the engine's threads).
/// <see cref="IStateJournal.BeginStepAsync"/> and <see cref="IStateJournal.SucceedStepAsync"/> remain for other callers.
/// </summary>
internal interface IBegunStepJournal : IStateJournal
{
    /// <summary>
    /// As <see cref="IStateJournal.BeginStepAsync"/>; <paramref name="begin"/> is for <see cref="SucceedStep"/>. The
    /// task's continuations may run on the thread that ended the sync (the journal's writer, which writes the next batch
    /// only after them): register short ones that do not block, with
    /// <see cref="TaskContinuationOptions.ExecuteSynchronously"/>, and do not <c>await</c> the task.
    /// </summary>
    Task BeginStep(PendingOperation operation, out BegunResource begin);

    /// <summary>As <see cref="IStateJournal.SucceedStepAsync"/>, for a step begun by <see cref="BeginStep"/>, with what it gave.</summary>
    Task SucceedStep(PendingOperation operation, in BegunResource begin, ResourceState? newState);
}
