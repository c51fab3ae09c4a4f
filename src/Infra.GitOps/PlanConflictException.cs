namespace Infra.GitOps;

/// <summary>Applying a saved plan met a step the plan did not allow (what a reviewer saw is what runs).</summary>
public sealed class PlanConflictException : GitOpsException
{
    /// <summary>Creates the exception.</summary>
    public PlanConflictException(string message)
        : base(message)
    {
    }
}
