namespace Infra.GitOps.Reconciler.Status;

/// <summary>
/// Every reason string of conditions and user-facing events, in one place. Reasons are CamelCase and stable:
/// tools and alerts match on them.
/// </summary>
public static class Reasons
{
    /// <summary>The desired revision was applied (condition and event).</summary>
    public const string ReconcileSucceeded = "ReconcileSucceeded";

    /// <summary>A run is in progress.</summary>
    public const string Progressing = "Progressing";

    /// <summary>The last attempt failed; a retry follows after the backoff.</summary>
    public const string ProgressingWithRetry = "ProgressingWithRetry";

    /// <summary><c>up</c> failed (event and condition).</summary>
    public const string ApplyFailed = "ApplyFailed";

    /// <summary>Preview or refresh failed.</summary>
    public const string PreviewFailed = "PreviewFailed";

    /// <summary>The stack's files have errors: every diagnostic is in the status.</summary>
    public const string SpecInvalid = "SpecInvalid";

    /// <summary>The remote could not be reached.</summary>
    public const string SourceUnavailable = "SourceUnavailable";

    /// <summary>The tracked branch does not exist (deleted or never pushed).</summary>
    public const string BranchNotFound = "BranchNotFound";

    /// <summary>The pinned or requested revision does not exist.</summary>
    public const string RevisionNotFound = "RevisionNotFound";

    /// <summary>The preview deletes more than <c>maxDeletes</c> resources and no override was given.</summary>
    public const string DeleteLimitExceeded = "DeleteLimitExceeded";

    /// <summary>Another reconciler or person holds the stack's lock.</summary>
    public const string LockHeld = "LockHeld";

    /// <summary>The pass ran out of time.</summary>
    public const string TimedOut = "TimedOut";

    /// <summary>The process was stopped (SIGTERM, Ctrl+C) during the run: steps in flight finished and were recorded; the run is retried at once at the next start.</summary>
    public const string Interrupted = "Interrupted";

    /// <summary>The stack is suspended in its stack file.</summary>
    public const string Suspended = "Suspended";

    /// <summary>The drift check found differences.</summary>
    public const string DriftDetected = "DriftDetected";

    /// <summary>The drift check found none.</summary>
    public const string NoDrift = "NoDrift";

    /// <summary>Drift was corrected by <c>up</c> (event).</summary>
    public const string DriftRemediated = "DriftRemediated";

    /// <summary>The new head does not descend from the last applied commit (a force-push) (event).</summary>
    public const string HistoryRewritten = "HistoryRewritten";

    /// <summary>A rollback to an older commit was applied (event).</summary>
    public const string RolledBack = "RolledBack";

    /// <summary>An unexpected failure at the per-iteration boundary.</summary>
    public const string InternalError = "InternalError";

    /// <summary>A <c>previewOnly</c> stack's revision was previewed; nothing was applied.</summary>
    public const string Previewed = "Previewed";
}
