namespace Infra.GitOps.Reconciler.Running;

/// <summary>A step failed; the steps that finished were recorded in the state.</summary>
/// <param name="Changes">What was done before the failure.</param>
/// <param name="Message">What failed, one line per failed step; never a secret.</param>
public sealed record StackApplyFailed(ChangeCounts Changes, string Message) : StackApplyResult
{
    /// <inheritdoc />
    public override ChangeCounts Changes { get; } = Changes;
}
