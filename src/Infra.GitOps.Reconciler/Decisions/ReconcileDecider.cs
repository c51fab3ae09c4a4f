using Cronos;
using Infra.GitOps.Model;
using Infra.GitOps.Reconciler.Requests;
using Infra.GitOps.Reconciler.Status;

namespace Infra.GitOps.Reconciler.Decisions;

/// <summary>
/// The reconcile decision: should this stack run now, on which revision, and why. A pure function of
/// (status, head, settings, now, request), after the Pulumi Kubernetes Operator's <c>isSynced</c>:
/// <list type="number">
/// <item>suspended: skip (requests too, as Flux does);</item>
/// <item>an unhandled request: run it (manual, or rollback to its commit);</item>
/// <item>never attempted: run the head;</item>
/// <item>after success: run when the head differs from the last applied commit (the last previewed one for a
/// <c>previewOnly</c> stack, which never applies), else run a drift check when the cron schedule is due, else skip;</item>
/// <item>after a failure: run when the head differs from the last attempted commit, else when the backoff has
/// passed;</item>
/// <item>waiting: as a failure, with the set delay;</item>
/// <item>stalled: only for a new head.</item>
/// </list>
/// A rollback in force replaces the head by the rolled-back commit while the branch has not moved.
/// </summary>
public static class ReconcileDecider
{
    /// <summary>Decides for one stack. Never throws for well-formed input; an unparsable drift schedule means no drift checks.</summary>
    public static ReconcileDecision Decide(DecisionInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Settings.Suspend)
        {
            return new SkipStack(SkipReason.Suspended);
        }

        var status = input.Status;
        var desired = DesiredRevision(status, input.Head);
        if (input.Request is { } request && request.Id != status?.LastHandledRequest)
        {
            return request.Kind == ReconcileRequestKind.Rollback && request.Revision is { } target
                ? new RunStack(ReconcileTrigger.Rollback, target)
                : new RunStack(ReconcileTrigger.Manual, desired);
        }

        if (status is null || status.LastAttemptedRevision is null)
        {
            return new RunStack(ReconcileTrigger.BranchMoved, desired);
        }

        return status.Result switch
        {
            ReconcileResult.Failed or ReconcileResult.Waiting when desired != status.LastAttemptedRevision =>
                new RunStack(ReconcileTrigger.BranchMoved, desired),
            ReconcileResult.Failed or ReconcileResult.Waiting => RetryWhenDue(status, desired, input),
            ReconcileResult.Stalled when desired != status.LastAttemptedRevision => new RunStack(ReconcileTrigger.BranchMoved, desired),
            ReconcileResult.Stalled => new SkipStack(SkipReason.Stalled),
            _ when desired != (input.Settings.PreviewOnly ? status.LastAttemptedRevision : status.LastAppliedRevision) =>
                new RunStack(ReconcileTrigger.BranchMoved, desired),
            _ when IsDriftCheckDue(status, input.Settings, input.Now) =>
                new RunStack(ReconcileTrigger.Schedule, status.LastAppliedRevision ?? desired),
            _ => new SkipStack(SkipReason.UpToDate),
        };
    }

    /// <summary>
    /// The commit the stack should be at: the head, unless a rollback holds the stack at an older commit and the
    /// branch is still where it was when the rollback was applied.
    /// </summary>
    public static string DesiredRevision(StackStatus? status, string head) =>
        status?.Rollback is { } hold && hold.BranchHead == head ? hold.Revision : head;

    /// <summary>
    /// True when <paramref name="settings"/> has a valid cron <c>driftSchedule</c> with an occurrence after the last
    /// drift check (or the last apply) that is not later than <paramref name="now"/>. Times are UTC.
    /// </summary>
    public static bool IsDriftCheckDue(StackStatus status, ReconcileSettings settings, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(status);
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.DriftSchedule is not { } schedule || status.LastAppliedRevision is null
            || !CronExpression.TryParse(schedule, CronFormat.Standard, out var cron))
        {
            return false;
        }

        var from = status.LastDriftCheckAt ?? status.LastAppliedAt ?? status.LastAttemptAt;
        if (from is null)
        {
            return true;
        }

        var next = cron.GetNextOccurrence(from.Value, TimeZoneInfo.Utc);
        return next is { } occurrence && occurrence <= now;
    }

    private static ReconcileDecision RetryWhenDue(StackStatus status, string desired, DecisionInput input)
    {
        var notBefore = status.NextRetryAt
            ?? (status.LastAttemptAt ?? input.Now) + input.Backoff.Delay(Math.Max(status.Failures, 0));
        if (input.Now >= notBefore)
        {
            return new RunStack(ReconcileTrigger.Retry, desired);
        }

        return new SkipStack(status.Result == ReconcileResult.Waiting ? SkipReason.Waiting : SkipReason.BackingOff, notBefore);
    }
}
