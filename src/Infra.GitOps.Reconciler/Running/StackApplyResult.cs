namespace Infra.GitOps.Reconciler.Running;

/// <summary>How an <c>up</c> ended: <see cref="StackApplied"/> or <see cref="StackApplyFailed"/>.</summary>
public abstract record StackApplyResult
{
    private protected StackApplyResult()
    {
    }

    /// <summary>What was done.</summary>
    public abstract ChangeCounts Changes { get; }
}
