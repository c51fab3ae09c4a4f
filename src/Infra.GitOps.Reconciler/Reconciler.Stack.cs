using System.Collections.Immutable;
using Infra.GitOps.Loading;
using Infra.GitOps.Model;
using Infra.GitOps.Providers;
using Infra.GitOps.Reconciler.Audit;
using Infra.GitOps.Reconciler.Decisions;
using Infra.GitOps.Reconciler.Outcomes;
using Infra.GitOps.Reconciler.Requests;
using Infra.GitOps.Reconciler.Running;
using Infra.GitOps.Reconciler.Sources;
using Infra.GitOps.Reconciler.Status;
using Infra.GitOps.State;
using Microsoft.Extensions.Logging;

namespace Infra.GitOps.Reconciler;

/// <content>One stack in one pass: decide, lock, run the steps.</content>
public sealed partial class Reconciler
{
    private async Task<ReconcileOutcome> ReconcileStackAsync(PassContext pass, CompiledStack stackAtHead, CancellationToken cancellationToken)
    {
        var name = stackAtHead.Name;
        using var scope = Log.StackScope(logger, name, pass.Head.ShortSha);
        try
        {
            return await ReconcileStackCoreAsync(pass, stackAtHead, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (pass.Caller.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception exception)
        {
            // The per-iteration boundary (STYLE.md section 4): whatever escaped the steps' own handling (a bug, a
            // corrupt status file) fails this stack for this pass only; the other stacks and the loop go on.
            Log.StackCrashed(logger, name, exception);
            var retryAt = timeProvider.GetUtcNow() + options.Backoff.Delay(0);
            return new ReconcileTransient(name, pass.Head.Sha, Reasons.InternalError, $"{exception.GetType().Name}: {exception.Message}", retryAt);
        }
    }

    private async Task<ReconcileOutcome> ReconcileStackCoreAsync(PassContext pass, CompiledStack stackAtHead, CancellationToken cancellationToken)
    {
        var name = stackAtHead.Name;
        var settings = stackAtHead.Stack?.Definition.Reconcile ?? ReconcileSettings.Default;
        var desired = pass.Head;
        if (settings.Revision is { } pinned && !settings.Suspend)
        {
            try
            {
                desired = await source.ResolveAsync(pinned, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (SourceProblems.Classify(exception) is { } problem)
            {
                return await RecordSourceProblemAsync(name, problem, cancellationToken).ConfigureAwait(false);
            }
        }

        var status = await Statuses.LoadAsync(name, cancellationToken).ConfigureAwait(false);
        var request = await Requests.PeekAsync(name, cancellationToken).ConfigureAwait(false);
        if (await DecideAsync(status, desired, settings, request, stackAtHead, cancellationToken).ConfigureAwait(false) is SkipStack early)
        {
            return await SkipAsync(name, status, early, cancellationToken).ConfigureAwait(false);
        }

        IStackLock stackLock;
        try
        {
            stackLock = await stateStore.AcquireLockAsync(name, Owner("reconcile"), cancellationToken).ConfigureAwait(false);
        }
        catch (LockConflictException exception)
        {
            // Someone else is changing the stack: not ours to record; look again after the set delay.
            Log.LockHeld(logger, name, exception.Message);
            return new ReconcileWaiting(name, desired.Sha, Reasons.LockHeld, exception.Message, timeProvider.GetUtcNow() + options.WaitDelay);
        }

        await using (stackLock.ConfigureAwait(false))
        {
            // Decide again under the lock: another reconciler may have applied this very revision while we looked.
            status = await Statuses.LoadAsync(name, cancellationToken).ConfigureAwait(false);
            request = await Requests.PeekAsync(name, cancellationToken).ConfigureAwait(false);
            var decision = await DecideAsync(status, desired, settings, request, stackAtHead, cancellationToken).ConfigureAwait(false);
            if (decision is not RunStack run)
            {
                return new ReconcileSkipped(name, ((SkipStack)decision).Reason);
            }

            var handled = run.Trigger is ReconcileTrigger.Manual or ReconcileTrigger.Rollback ? request : null;
            var steps = new StepLog(name, timeProvider, logger);
            Log.StackStarted(logger, name, run.Revision, run.Trigger.ToString());
            await MarkReconcilingAsync(name, status, run, cancellationToken).ConfigureAwait(false);
            RunResult result;
            try
            {
                result = await RunStepsAsync(pass, stackAtHead, desired, status, run, handled, stackLock, steps, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!pass.Caller.IsCancellationRequested)
            {
                result = new RunResult(ReconcileResult.Failed, Reasons.TimedOut, $"the pass ran out of time ({options.PassTimeout}) during {steps.Current}")
                {
                    Trigger = run.Trigger,
                };
            }
            catch (Exception exception) when (exception is OperationCanceledException || (exception is GitOpsException && pass.Caller.IsCancellationRequested))
            {
                // Shutdown (SIGTERM, Ctrl+C) while loading, refreshing (the engine reports a cancelled refresh as a
                // failure) or previewing: nothing was applied; the run is recorded as interrupted so that the next
                // start runs it again at once, and the caller still sees the cancellation once every stack in flight
                // is recorded.
                Log.StackInterrupted(logger, name, steps.Current);
                result = new RunResult(ReconcileResult.Failed, Reasons.Interrupted, $"stopped during {steps.Current}") { Trigger = run.Trigger };
            }
            catch (Exception exception) when (exception is GitOpsException)
            {
                result = Failure(exception, steps.Current) with { Trigger = run.Trigger };
            }

            // The pass token may be cancelled by the timeout: the record is short local I/O and must still be written.
            return await RecordAsync(name, pass, status, run, result, handled, steps, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The decider's answer, then the path filter (<see cref="ReconcilerOptions.PathFilter"/>): a branch move after a
    /// successful apply that touches none of the stack's files does not run it. A drift check due then runs at the last
    /// applied commit (the decider only looks for one once the head is applied). Not filtered: a stack pinned to a
    /// revision, held by a rollback, or with errors at the head (it runs, and stalls with them).
    /// </summary>
    private async Task<ReconcileDecision> DecideAsync(
        StackStatus? status, CommitSummary desired, ReconcileSettings settings, ReconcileRequest? request, CompiledStack stackAtHead, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var decision = ReconcileDecider.Decide(new DecisionInput(status, desired.Sha, settings, now, request) { Backoff = options.Backoff });
        if (!options.PathFilter
            || decision is not RunStack { Trigger: ReconcileTrigger.BranchMoved } run
            || status is not { Result: ReconcileResult.Succeeded, LastAppliedRevision: { } applied, Rollback: null }
            || settings.Revision is not null
            || stackAtHead is not { HasErrors: false, Stack: { } loaded }
            || await TouchesAsync(stackAtHead.Name, applied, run.Revision, loaded.Definition, cancellationToken).ConfigureAwait(false))
        {
            return decision;
        }

        return ReconcileDecider.IsDriftCheckDue(status, settings, now)
            ? new RunStack(ReconcileTrigger.Schedule, applied)
            : new SkipStack(SkipReason.Unaffected);
    }

    /// <summary>Whether the move touches the stack's files; true (run it) when the source cannot tell.</summary>
    private async Task<bool> TouchesAsync(string name, string from, string to, StackDefinition stack, CancellationToken cancellationToken)
    {
        try
        {
            return await source.TouchesStackAsync(from, to, stack, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is GitOpsException || SourceProblems.Classify(exception) is not null)
        {
            // The last applied commit may be gone (a force-push and a garbage collection): the stack runs.
            Log.PathFilterUnavailable(logger, name, exception.Message);
            return true;
        }
    }

    private async Task<RunResult> RunStepsAsync(
        PassContext pass,
        CompiledStack stackAtHead,
        CommitSummary desired,
        StackStatus? status,
        RunStack run,
        ReconcileRequest? request,
        IStackLock stackLock,
        StepLog steps,
        CancellationToken cancellationToken)
    {
        var commit = run.Revision == pass.Head.Sha ? pass.Head
            : run.Revision == desired.Sha ? desired
            : await source.ResolveAsync(run.Revision, cancellationToken).ConfigureAwait(false);
        var result = new RunResult(ReconcileResult.Succeeded, Reasons.ReconcileSucceeded, string.Empty) { Commit = commit, Trigger = run.Trigger };

        // Only the newest head runs: commits between the last applied one and it are listed, or the rewrite when
        // the head no longer descends from it (a force-push).
        if (run.Trigger is ReconcileTrigger.BranchMoved or ReconcileTrigger.Manual
            && status?.LastAppliedRevision is { } last && last != commit.Sha)
        {
            result = await source.IsAncestorAsync(last, commit.Sha, cancellationToken).ConfigureAwait(false)
                ? result with { Skipped = await source.CommitsBetweenAsync(last, commit.Sha, options.SkippedCommitLimit, cancellationToken).ConfigureAwait(false) }
                : result with { Rewrite = new HistoryRewrite(last, commit.Sha) };
        }

        var (repository, stack) = await steps.RunAsync(
            "load",
            () => CompileAtAsync(pass, stackAtHead, commit, cancellationToken),
            loaded => loaded.Stack is { HasErrors: false } valid ? $"{valid.Graph?.Resources.Length ?? 0} resources" : "invalid").ConfigureAwait(false);
        if (repository is null || stack is null || stack.HasErrors || stack.Graph is null)
        {
            var diagnostics = stack?.Diagnostics ?? ImmutableArray<Diagnostic>.Empty;
            var message = stack is null
                ? $"stack '{stackAtHead.Name}' does not exist at commit {commit.ShortSha}"
                : $"{diagnostics.Count(d => d.Severity == Severity.Error)} error(s) in the stack's files at {commit.ShortSha}";
            return result with
            {
                Result = ReconcileResult.Stalled,
                Reason = Reasons.SpecInvalid,
                Message = message,
                Diagnostics = diagnostics.Select(d => d.ToString()).ToImmutableArray(),
            };
        }

        var settings = stack.Stack?.Definition.Reconcile ?? ReconcileSettings.Default;
        var stackRun = new StackRun(repository, stack, stackLock);
        if (settings.Refresh || run.IsDriftCheck)
        {
            await steps.RunAsync("refresh", () => runner.RefreshAsync(stackRun, cancellationToken), changed => $"{changed} changed").ConfigureAwait(false);
        }
        else
        {
            steps.Add("refresh", AuditStepOutcome.Skipped, "refresh is off");
        }

        var preview = await steps.RunAsync("preview", () => runner.PreviewAsync(stackRun, cancellationToken), p => p.Changes.ToString()).ConfigureAwait(false);
        result = result with { Changes = preview.Changes };
        if (run.IsDriftCheck)
        {
            var drifted = preview.Changes.HasChanges;
            result = result with { Drifted = drifted };
            if (!drifted || !settings.DriftRemediation || settings.PreviewOnly)
            {
                var message = drifted ? $"drift found at {commit.ShortSha}: {preview.Changes}" : $"no drift at {commit.ShortSha}";
                steps.Add("up", AuditStepOutcome.Skipped, !drifted ? "no drift" : settings.PreviewOnly ? "previewOnly" : "driftRemediation is off");
                return result with { Reason = drifted ? Reasons.DriftDetected : Reasons.NoDrift, Message = message };
            }

            result = result with { Trigger = ReconcileTrigger.Drift };
        }

        if (settings.PreviewOnly)
        {
            // The plan is the result: no guard applies to what is not applied.
            steps.Add("up", AuditStepOutcome.Skipped, "previewOnly");
            return result with
            {
                Reason = Reasons.Previewed,
                Message = $"previewed {commit.ShortSha} ({commit.Message}): {preview.Changes}; previewOnly, nothing applied",
            };
        }

        var overrideLimit = options.OverrideDeleteLimit || request?.OverrideDeleteLimit == true;
        if (settings.MaxDeletes is { } limit && preview.Deletes.Length > limit && !overrideLimit)
        {
            var listed = string.Join(", ", preview.Deletes.Take(10)) + (preview.Deletes.Length > 10 ? ", ..." : string.Empty);
            var message = $"the plan deletes {preview.Deletes.Length} resources, more than maxDeletes {limit} ({listed}); " +
                $"run 'infra-gitops reconcile --stack {stackAtHead.Name} --allow-deletes' to apply it anyway";
            steps.Add("guards", AuditStepOutcome.Refused, message);
            steps.Add("up", AuditStepOutcome.Skipped, "refused by a guard");
            return result with { Result = ReconcileResult.Stalled, Reason = Reasons.DeleteLimitExceeded, Message = message };
        }

        steps.Add("guards", AuditStepOutcome.Succeeded, overrideLimit ? "maxDeletes overridden" : $"{preview.Deletes.Length} deletes");
        var applied = await steps.RunAsync("up", () => runner.UpAsync(stackRun, preview, cancellationToken), a => a.Changes.ToString()).ConfigureAwait(false);
        return applied switch
        {
            StackApplied done => result with
            {
                Changes = done.Changes,
                Applied = true,
                Drifted = result.Drifted is null ? null : false,
                Outputs = OutputRendering.Mask(done.Outputs),
                Reason = run.Trigger switch
                {
                    ReconcileTrigger.Rollback => Reasons.RolledBack,
                    _ when result.Trigger == ReconcileTrigger.Drift => Reasons.DriftRemediated,
                    _ => Reasons.ReconcileSucceeded,
                },
                Message = $"applied {commit.ShortSha} ({commit.Message}): {done.Changes}",
            },
            // The engine stops starting steps on cancellation, lets those in flight finish and saves them.
            StackApplyFailed failed when pass.Caller.IsCancellationRequested => result with
            {
                Result = ReconcileResult.Failed,
                Reason = Reasons.Interrupted,
                Message = $"stopped during up, steps in flight finished and recorded: {failed.Message}",
                Changes = failed.Changes,
            },
            StackApplyFailed failed => result with
            {
                Result = ReconcileResult.Failed,
                Reason = Reasons.ApplyFailed,
                Message = failed.Message,
                Changes = failed.Changes,
            },
            _ => throw new InvalidOperationException($"unknown apply result {applied.GetType().Name}"),
        };
    }

    private async Task<(CompiledRepository? Repository, CompiledStack? Stack)> CompileAtAsync(
        PassContext pass, CompiledStack stackAtHead, CommitSummary commit, CancellationToken cancellationToken)
    {
        if (commit.Sha == pass.Head.Sha)
        {
            return (pass.Repository, stackAtHead);
        }

        var tree = await source.GetTreeAsync(commit.Sha, cancellationToken).ConfigureAwait(false);
        var compiled = await compiler.CompileAsync(tree, cancellationToken).ConfigureAwait(false);
        if (compiled.Value is not { } repository)
        {
            return (null, new CompiledStack(stackAtHead.Name, null, null, compiled.Diagnostics));
        }

        return (repository, repository.Stacks.FirstOrDefault(s => s.Name == stackAtHead.Name));
    }

    private static RunResult Failure(Exception exception, string step)
    {
        if (SourceProblems.Classify(exception) is { } problem)
        {
            var result = problem.Reason == Reasons.SourceUnavailable ? ReconcileResult.Failed : ReconcileResult.Stalled;
            return new RunResult(result, problem.Reason, problem.Message);
        }

        return exception switch
        {
            InvalidConfigurationException invalid => new RunResult(ReconcileResult.Stalled, Reasons.SpecInvalid, invalid.Message)
            {
                Diagnostics = invalid.Diagnostics.Select(d => d.ToString()).ToImmutableArray(),
            },
            LockConflictException held => new RunResult(ReconcileResult.Waiting, Reasons.LockHeld, held.Message),
            ProviderException or PlanConflictException or GitOpsException => new RunResult(
                ReconcileResult.Failed, step is "up" ? Reasons.ApplyFailed : Reasons.PreviewFailed, $"{step}: {exception.Message}"),
            _ => new RunResult(ReconcileResult.Failed, Reasons.InternalError, exception.Message),
        };
    }
}
