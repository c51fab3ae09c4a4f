namespace Infra.GitOps.State;

/// <summary>A step is about to be sent to the provider: until it ends, it is a pending operation.</summary>
/// <param name="Operation">The operation, with the resource as known before the step.</param>
public sealed record StepBegun(PendingOperation Operation) : JournalEntry
{
    /// <inheritdoc />
    public override StepKey Step => StepKey.Of(Operation);
}
