namespace Infra.GitOps.State;

/// <summary>
/// A step finished: <see cref="NewState"/> replaces the resource keyed by <see cref="Step"/> (URN and delete flag),
/// or removes it when null; a resource not yet in the snapshot is appended.
/// </summary>
/// <param name="Step">The step.</param>
/// <param name="NewState">The resource after the step, or null when it is gone.</param>
public sealed record StepSucceeded(StepKey Step, ResourceState? NewState) : JournalEntry
{
    /// <inheritdoc />
    public override StepKey Step { get; } = Step;
}
