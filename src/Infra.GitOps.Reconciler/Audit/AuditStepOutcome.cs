namespace Infra.GitOps.Reconciler.Audit;

/// <summary>How a step of a run ended.</summary>
public enum AuditStepOutcome
{
    /// <summary>The step did its work.</summary>
    Succeeded,

    /// <summary>The step failed.</summary>
    Failed,

    /// <summary>The step did not run (settings, or an earlier step decided so).</summary>
    Skipped,

    /// <summary>A guard refused to go on (<c>maxDeletes</c>).</summary>
    Refused,
}
