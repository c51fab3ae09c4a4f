using System.Collections.Immutable;
using Infra.GitOps.Reconciler.Audit;
using Infra.GitOps.Reconciler.Decisions;
using Infra.GitOps.Reconciler.Events;
using Infra.GitOps.Reconciler.Outcomes;
using Infra.GitOps.Reconciler.Requests;
using Infra.GitOps.Reconciler.Sources;
using Infra.GitOps.Reconciler.Status;

namespace Infra.GitOps.Reconciler;

/// <content>Status, audit trail and events: what a run leaves behind.</content>
public sealed partial class Reconciler
{
    private static readonly ImmutableHashSet<string> SourceReasons =
        [Reasons.SourceUnavailable, Reasons.BranchNotFound, Reasons.RevisionNotFound];

    private async Task MarkReconcilingAsync(string name, StackStatus? status, RunStack run, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var marked = (status ?? new StackStatus { Stack = name })
            .WithCondition(ConditionTypes.Reconciling, true, Reasons.Progressing, $"{run.Trigger} run at {Short(run.Revision)}", now);
        await Statuses.SaveAsync(marked, cancellationToken).ConfigureAwait(false);
    }

    private async Task<ReconcileOutcome> RecordAsync(
        string name,
        PassContext pass,
        StackStatus? status,
        RunStack run,
        RunResult result,
        ReconcileRequest? handled,
        StepLog steps,
        CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var previous = status ?? new StackStatus { Stack = name };
        var revision = result.Commit?.Sha ?? run.Revision;
        var newDesired = previous.DesiredRevision != revision && !run.IsDriftCheck;
        var generation = newDesired ? previous.Generation + 1 : previous.Generation;
        var failures = result.Result == ReconcileResult.Failed
            ? (previous.Result == ReconcileResult.Failed && previous.LastAttemptedRevision == revision ? previous.Failures + 1 : 1)
            : 0;
        DateTimeOffset? retryAt = result.Result switch
        {
            ReconcileResult.Failed when result.Reason == Reasons.Interrupted => now,
            ReconcileResult.Failed => now + options.Backoff.JitteredDelay(failures, Random.Shared.NextDouble()),
            ReconcileResult.Waiting => now + options.WaitDelay,
            _ => null,
        };
        var rollback = run.Trigger == ReconcileTrigger.Rollback
            ? (result.Applied ? new RollbackHold(revision, pass.Head.Sha) : previous.Rollback)
            : previous.Rollback is { } hold && hold.BranchHead == pass.Head.Sha ? hold : null;
        var durations = new RunDurations(steps.ElapsedOf("load"), steps.ElapsedOf("refresh"), steps.ElapsedOf("preview"), steps.ElapsedOf("up"), steps.TotalMs);

        var next = previous with
        {
            LastAttemptedRevision = revision,
            LastAppliedRevision = result.Applied ? revision : previous.LastAppliedRevision,
            Generation = generation,
            DesiredRevision = newDesired ? revision : previous.DesiredRevision ?? revision,
            ObservedGeneration = generation,
            Result = result.Result,
            Reason = result.Reason,
            Message = result.Message,
            Failures = failures,
            LastAttemptAt = now,
            LastAppliedAt = result.Applied ? now : previous.LastAppliedAt,
            NextRetryAt = retryAt,
            LastDriftCheckAt = run.IsDriftCheck ? now : previous.LastDriftCheckAt,
            LastHandledRequest = handled?.Id ?? previous.LastHandledRequest,
            Rollback = rollback,
            Diagnostics = result.Diagnostics,
            Outputs = result.Outputs ?? previous.Outputs,
            Durations = durations,
        };
        next = WithRunConditions(next, now);
        if (result.Drifted is { } drifted)
        {
            next = result.Applied
                ? next.WithCondition(ConditionTypes.Drifted, false, Reasons.DriftRemediated, result.Message, now)
                : next.WithCondition(ConditionTypes.Drifted, drifted, drifted ? Reasons.DriftDetected : Reasons.NoDrift, result.Message, now);
        }

        await Statuses.SaveAsync(next, cancellationToken).ConfigureAwait(false);
        await AuditTrail.AppendAsync(
            new AuditEntry
            {
                Time = now,
                Stack = name,
                Commit = result.Commit,
                Trigger = result.Trigger,
                Changes = result.Changes,
                Steps = steps.Steps,
                Result = result.Result,
                Reason = result.Reason,
                Message = result.Message,
                SkippedCommits = result.Skipped,
                Rewrite = result.Rewrite,
                Diagnostics = result.Diagnostics,
                DurationMs = steps.TotalMs,
            },
            cancellationToken).ConfigureAwait(false);
        if (handled is not null)
        {
            await Requests.CompleteAsync(name, handled.Id, cancellationToken).ConfigureAwait(false);
        }

        if (result.Rewrite is { } rewrite)
        {
            await PublishAsync(
                new ReconcileEvent(now, name, revision, true, Reasons.HistoryRewritten, $"the branch was rewritten: {Short(rewrite.NewRevision)} does not descend from the last applied {Short(rewrite.PreviousRevision)}"),
                cancellationToken).ConfigureAwait(false);
        }

        var warning = result.Result != ReconcileResult.Succeeded || result.Drifted == true && !result.Applied;
        if (result.Applied || warning)
        {
            await PublishAsync(new ReconcileEvent(now, name, revision, warning, result.Reason, result.Message), cancellationToken).ConfigureAwait(false);
        }

        var changes = result.Changes ?? Running.ChangeCounts.None;
        switch (result.Result)
        {
            case ReconcileResult.Succeeded:
                Log.StackFinished(logger, name, Short(revision), result.Applied ? "applied" : "checked", result.Reason, steps.TotalMs);
                return new ReconcileSucceeded(name, revision, result.Trigger, changes, result.Drifted == true);
            case ReconcileResult.Stalled:
                Log.StackStalled(logger, name, Short(revision), result.Reason, result.Message);
                return new ReconcileStalled(name, revision, result.Reason, result.Message);
            case ReconcileResult.Waiting:
                return new ReconcileWaiting(name, revision, result.Reason, result.Message, retryAt ?? now);
            default:
                Log.StackFailed(logger, name, Short(revision), result.Reason, retryAt ?? now, result.Message);
                return new ReconcileTransient(name, revision, result.Reason, result.Message, retryAt ?? now);
        }
    }

    /// <summary>Sets Ready, Reconciling and Stalled from the status's result, reason and message.</summary>
    private static StackStatus WithRunConditions(StackStatus status, DateTimeOffset now)
    {
        var reason = status.Reason ?? Reasons.Progressing;
        var message = status.Message ?? string.Empty;
        return status.Result switch
        {
            ReconcileResult.Succeeded => status
                .WithCondition(ConditionTypes.Ready, true, reason, message, now)
                .WithCondition(ConditionTypes.Reconciling, false, reason, message, now)
                .WithCondition(ConditionTypes.Stalled, false, reason, message, now),
            ReconcileResult.Failed => status
                .WithCondition(ConditionTypes.Ready, false, reason, message, now)
                .WithCondition(ConditionTypes.Reconciling, true, Reasons.ProgressingWithRetry, $"retry after {status.NextRetryAt:u} (failure {status.Failures})", now)
                .WithCondition(ConditionTypes.Stalled, false, reason, message, now),
            ReconcileResult.Waiting => status
                .WithCondition(ConditionTypes.Ready, false, reason, message, now)
                .WithCondition(ConditionTypes.Reconciling, true, reason, message, now)
                .WithCondition(ConditionTypes.Stalled, false, reason, message, now),
            ReconcileResult.Stalled => status
                .WithCondition(ConditionTypes.Ready, false, reason, message, now)
                .WithCondition(ConditionTypes.Reconciling, false, reason, message, now)
                .WithCondition(ConditionTypes.Stalled, true, reason, message, now),
            _ => status,
        };
    }

    /// <summary>
    /// A skipped stack; when its conditions still show a source problem that is gone now, they are set back from
    /// its last result (the remote is reachable again, the branch is back).
    /// </summary>
    private async Task<ReconcileOutcome> SkipAsync(string name, StackStatus? status, SkipStack skip, CancellationToken cancellationToken)
    {
        Log.StackSkipped(logger, name, skip.Reason.ToString());
        if (status?.Condition(ConditionTypes.Stalled) is { Status: true } stalled && SourceReasons.Contains(stalled.Reason))
        {
            await WithLockIfFreeAsync(
                name,
                async current => current is null ? null : WithRunConditions(current, timeProvider.GetUtcNow()),
                cancellationToken).ConfigureAwait(false);
        }

        return new ReconcileSkipped(name, skip.Reason);
    }

    /// <summary>The source cannot be read: every stack we know of shows it (Stalled with the reason); nothing is applied or destroyed.</summary>
    private async Task<ImmutableArray<ReconcileOutcome>> RecordSourceProblemAsync(SourceProblem problem, CancellationToken cancellationToken)
    {
        var outcomes = ImmutableArray.CreateBuilder<ReconcileOutcome>();
        foreach (var status in await Statuses.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            outcomes.Add(await RecordSourceProblemAsync(status.Stack, problem, cancellationToken).ConfigureAwait(false));
        }

        return outcomes.ToImmutable();
    }

    private async Task<ReconcileOutcome> RecordSourceProblemAsync(string name, SourceProblem problem, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var changed = await WithLockIfFreeAsync(
            name,
            async current =>
            {
                var existing = current?.Condition(ConditionTypes.Stalled);
                if (existing is { Status: true } && existing.Reason == problem.Reason && existing.Message == problem.Message)
                {
                    return null; // already shown: one audit entry per problem, not one per poll
                }

                var status = (current ?? new StackStatus { Stack = name })
                    .WithCondition(ConditionTypes.Ready, false, problem.Reason, problem.Message, now)
                    .WithCondition(ConditionTypes.Reconciling, false, problem.Reason, problem.Message, now)
                    .WithCondition(ConditionTypes.Stalled, true, problem.Reason, problem.Message, now);
                await AuditTrail.AppendAsync(
                    new AuditEntry { Time = now, Stack = name, Result = ReconcileResult.Stalled, Reason = problem.Reason, Message = problem.Message },
                    cancellationToken).ConfigureAwait(false);
                return status;
            },
            cancellationToken).ConfigureAwait(false);
        if (changed)
        {
            await PublishAsync(new ReconcileEvent(now, name, null, true, problem.Reason, problem.Message), cancellationToken).ConfigureAwait(false);
        }

        Log.StackStalled(logger, name, "-", problem.Reason, problem.Message);
        return new ReconcileStalled(name, null, problem.Reason, problem.Message);
    }

    /// <summary>Changes a stack's status under its lock when the lock is free; returns false when skipped or unchanged.</summary>
    private async Task<bool> WithLockIfFreeAsync(string name, Func<StackStatus?, Task<StackStatus?>> change, CancellationToken cancellationToken)
    {
        State.IStackLock stackLock;
        try
        {
            stackLock = await stateStore.AcquireLockAsync(name, Owner("status"), cancellationToken).ConfigureAwait(false);
        }
        catch (LockConflictException)
        {
            return false; // whoever holds it records the stack's status
        }

        await using (stackLock.ConfigureAwait(false))
        {
            var current = await Statuses.LoadAsync(name, cancellationToken).ConfigureAwait(false);
            if (await change(current).ConfigureAwait(false) is not { } updated)
            {
                return false;
            }

            await Statuses.SaveAsync(updated, cancellationToken).ConfigureAwait(false);
            return true;
        }
    }

    private static string Short(string revision) => revision.Length > 7 ? revision[..7] : revision;
}
