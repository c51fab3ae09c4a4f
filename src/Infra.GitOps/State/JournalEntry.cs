namespace Infra.GitOps.State;

/// <summary>
/// One record of an operation's journal (closed hierarchy: <see cref="StepBegun"/>, <see cref="StepSucceeded"/>,
/// <see cref="StepFailed"/>). Replaying a journal onto the checkpoint it started from gives the stack's state,
/// with steps begun and never ended as pending operations.
/// </summary>
public abstract record JournalEntry
{
    private protected JournalEntry()
    {
    }

    /// <summary>The step this entry is about.</summary>
    public abstract StepKey Step { get; }
}
