using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Threading.Channels;
using Infra.GitOps.Engine.Planning;
using Infra.GitOps.Model;
using Infra.GitOps.Providers;
using Infra.GitOps.State;

namespace Infra.GitOps.Engine.Execution;

/// <summary>
/// Applies a <see cref="Plan"/>: a step starts as soon as every step it depends on has finished, never more than
/// <see cref="ApplyOptions.Parallelism"/> at once. Outputs of finished steps resolve the references in their
/// dependents' inputs (secret-ness kept). A failed step fails only its dependents (skipped, with the reason);
/// independent branches go on. Every provider call is journalled: <see cref="IStateJournal.BeginStepAsync"/>
/// before, <see cref="IStateJournal.SucceedStepAsync"/> or <see cref="IStateJournal.FailStepAsync"/> after, so
/// that a crash leaves a pending operation to settle. Thread-safe; one instance may apply several plans.
/// </summary>
public sealed partial class PlanExecutor
{
    private readonly ProviderRegistry providers;
    private readonly TimeProvider timeProvider;

    /// <summary>Creates an executor over configured <paramref name="providers"/>; retry delays and timestamps come
    /// from <paramref name="timeProvider"/>.</summary>
    public PlanExecutor(ProviderRegistry providers, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(providers);
        ArgumentNullException.ThrowIfNull(timeProvider);
        this.providers = providers;
        this.timeProvider = timeProvider;
    }

    /// <summary>
    /// Runs the steps of <paramref name="plan"/>, recording each in <paramref name="journal"/> (the caller completes
    /// the journal). Transient <see cref="ProviderException"/>s are retried with exponential backoff and jitter up to
    /// <see cref="ApplyOptions.MaxAttempts"/>.
    /// <para>
    /// Cancellation: once <paramref name="cancellationToken"/> is cancelled no new step starts; in-flight steps go
    /// on with a token that is cancelled only after <see cref="ApplyOptions.CancellationGrace"/>, and their results
    /// are journalled. Steps not started are <see cref="StepSkipped"/> and the result has
    /// <see cref="ApplyResult.Cancelled"/> set; nothing is thrown.
    /// </para>
    /// </summary>
    /// <exception cref="InvalidConfigurationException">When the plan has error diagnostics.</exception>
    public async Task<ApplyResult> ApplyAsync(Plan plan, IStateJournal journal, ApplyOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(journal);
        ArgumentNullException.ThrowIfNull(options);
        if (plan.HasErrors)
        {
            throw new InvalidConfigurationException(plan.Diagnostics.Where(d => d.Severity == Severity.Error).ToImmutableArray());
        }

        var started = timeProvider.GetTimestamp();
        var steps = plan.Steps;
        var count = steps.Length;
        var results = new StepResult?[count];
        var waiting = new int[count];
        var dependents = new List<int>?[count];
        for (var i = 0; i < count; i++)
        {
            foreach (var dependency in steps[i].DependsOn)
            {
                waiting[i]++;
                (dependents[dependency] ??= []).Add(i);
            }
        }

        var run = new ApplyRun(plan, journal, options);
        using var graceSource = new CancellationTokenSource(Timeout.InfiniteTimeSpan, timeProvider);
        using var registration = cancellationToken.Register(() => graceSource.CancelAfter(options.CancellationGrace));
        var completions = Channel.CreateUnbounded<StepResult>(new UnboundedChannelOptions { SingleReader = true });
        var ready = new Queue<int>();
        for (var i = 0; i < count; i++)
        {
            if (waiting[i] == 0)
            {
                ready.Enqueue(i);
            }
        }

        var parallelism = Math.Max(1, options.Parallelism);
        var running = 0;
        var done = 0;
        while (done < count)
        {
            while (ready.Count > 0 && running < parallelism && !cancellationToken.IsCancellationRequested)
            {
                var step = steps[ready.Dequeue()];
                running++;
                _ = RunAndReportAsync(run, step, completions.Writer, graceSource.Token);
            }

            if (running == 0)
            {
                break;
            }

            // In-flight steps always report back (RunAndReportAsync never throws), so waiting without the
            // caller's token cannot hang and lets them finish after cancellation.
            var result = await completions.Reader.ReadAsync(CancellationToken.None).ConfigureAwait(false);
            running--;
            var index = result.Step.Index;
            results[index] = result;
            done++;
            if (result is StepSucceeded)
            {
                foreach (var dependent in dependents[index] ?? [])
                {
                    if (results[dependent] is null && --waiting[dependent] == 0)
                    {
                        ready.Enqueue(dependent);
                    }
                }
            }
            else
            {
                done += SkipDependents(steps, dependents, results, index);
            }
        }

        var cancelled = false;
        for (var i = 0; i < count; i++)
        {
            if (results[i] is null)
            {
                cancelled = true;
                results[i] = new StepSkipped(steps[i], "the operation was cancelled before the step started");
            }
        }

        // Every slot is set above.
        return new ApplyResult(results.Select(r => r!).ToImmutableArray(), timeProvider.GetElapsedTime(started), cancelled);
    }

    private static int SkipDependents(ImmutableArray<PlannedStep> steps, List<int>?[] dependents, StepResult?[] results, int failed)
    {
        var skipped = 0;
        var stack = new Stack<(int Index, int Cause)>();
        foreach (var dependent in dependents[failed] ?? [])
        {
            stack.Push((dependent, failed));
        }

        while (stack.TryPop(out var item))
        {
            if (results[item.Index] is not null)
            {
                continue;
            }

            var cause = steps[item.Cause];
            var reason = results[item.Cause] is StepFailed
                ? $"{cause.Operation.ToPulumiName()} of '{cause.Urn}' failed"
                : $"{cause.Operation.ToPulumiName()} of '{cause.Urn}' was skipped";
            results[item.Index] = new StepSkipped(steps[item.Index], reason);
            skipped++;
            foreach (var dependent in dependents[item.Index] ?? [])
            {
                stack.Push((dependent, item.Index));
            }
        }

        return skipped;
    }

    private async Task RunAndReportAsync(ApplyRun run, PlannedStep step, ChannelWriter<StepResult> completions, CancellationToken stepToken)
    {
        StepResult result;
        var attempts = new System.Runtime.CompilerServices.StrongBox<int>();
        try
        {
            await Task.Yield();
            result = await RunStepAsync(run, step, attempts, stepToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // The per-step boundary: any failure of one step (provider error, bug, cancellation after the grace
            // period) becomes that step's StepFailed so that only its dependents stop and the scheduler goes on.
            result = new StepFailed(step, ex, attempts.Value);
        }

        completions.TryWrite(result);
    }

    /// <summary>The state of one <see cref="ApplyAsync"/> call shared by its steps.</summary>
    private sealed class ApplyRun
    {
        public ApplyRun(Plan plan, IStateJournal journal, ApplyOptions options)
        {
            Plan = plan;
            Journal = journal;
            Options = options;
            foreach (var resource in plan.Base.Resources)
            {
                if (!resource.Delete)
                {
                    Outputs[resource.Urn] = ReferenceResolver.Referable(resource);
                }
            }
        }

        public Plan Plan { get; }

        public IStateJournal Journal { get; }

        public ApplyOptions Options { get; }

        /// <summary>Outputs of the live copy of each resource: the recorded ones, replaced as steps finish.</summary>
        public ConcurrentDictionary<Urn, ObjectValue> Outputs { get; } = new();
    }
}
