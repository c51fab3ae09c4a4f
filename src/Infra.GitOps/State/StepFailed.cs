namespace Infra.GitOps.State;

/// <summary>A step failed cleanly (the provider answered with an error): the resource is unchanged.</summary>
/// <param name="Step">The step.</param>
public sealed record StepFailed(StepKey Step) : JournalEntry
{
    /// <inheritdoc />
    public override StepKey Step { get; } = Step;
}
