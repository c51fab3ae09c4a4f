using System.Collections.Concurrent;
using System.Collections.Immutable;
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
        using var graceSource = new CancellationTokenSource(Timeout.InfiniteTimeSpan, timeProvider);
        using var registration = cancellationToken.Register(() => graceSource.CancelAfter(options.CancellationGrace));
        journal.ExpectSteps(plan.Steps.Length);
        var run = new ApplyRun(this, plan, journal, options, graceSource.Token, cancellationToken);

        // Once cancelled no step starts; when none is in flight either, the wait below ends at once.
        using var stop = cancellationToken.Register(run.Dispatch);
        run.Dispatch();
        await run.Finished.ConfigureAwait(false);
        var (results, cancelled) = run.Results();
        return new ApplyResult(results, timeProvider.GetElapsedTime(started), cancelled);
    }

    /// <summary>
    /// Runs one step: prepares it, records its begin, and calls its provider once the begin is durable. A step waiting
    /// for its begin's sync is parked as data (its <see cref="PreparedCall"/>), not as a suspended method: the dispatch
    /// loop makes the call when the sync has ended. Ten thousand creates that each wait for a sync then cost no boxed
    /// state machines and no completion sources.
    /// </summary>
    private void Run(ApplyRun run, PlannedStep step)
    {
        var startedAt = timeProvider.GetTimestamp();
        var preparing = PrepareAsync(run, step, run.StepToken);
        if (!preparing.IsCompleted)
        {
            _ = ContinueWhenPreparedAsync(run, step, startedAt, preparing);
            return;
        }

        Prepared prepared;
        try
        {
            prepared = preparing.Result;
        }
        catch (Exception ex)
        {
            // The per-step boundary: a failure to prepare (inputs, checks, a bug) fails only this step.
            run.Complete(new StepFailed(step, ex, 0), timeProvider.GetElapsedTime(startedAt));
            return;
        }

        ContinuePrepared(run, startedAt, prepared);
    }

    private async Task ContinueWhenPreparedAsync(ApplyRun run, PlannedStep step, long startedAt, ValueTask<Prepared> preparing)
    {
        Prepared prepared;
        try
        {
            prepared = await preparing.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // The per-step boundary, as in Run.
            run.Complete(new StepFailed(step, ex, 0), timeProvider.GetElapsedTime(startedAt));
            return;
        }

        ContinuePrepared(run, startedAt, prepared);
    }

    /// <summary>Completes a step that needed no provider call, or begins the call of one that does.</summary>
    private void ContinuePrepared(ApplyRun run, long startedAt, Prepared prepared)
    {
        switch (prepared)
        {
            case PreparedCall call:
                call.StartedAt = startedAt;
                run.Begin(call);
                break;
            case Finished finished:
                run.Complete(finished.Result, timeProvider.GetElapsedTime(startedAt));
                break;
        }
    }

    /// <summary>Makes a begun step's provider call; completes the step when the call and its record are done.</summary>
    private void Execute(ApplyRun run, PreparedCall call)
    {
        var executing = ExecuteAsync(run, call, run.StepToken);
        if (executing.IsCompleted)
        {
            run.Complete(executing.Result, timeProvider.GetElapsedTime(call.StartedAt));
        }
        else
        {
            _ = CompleteWhenExecutedAsync(run, call, executing);
        }
    }

    private async Task CompleteWhenExecutedAsync(ApplyRun run, PreparedCall call, ValueTask<StepResult> executing)
    {
        // ExecuteAsync never throws: its failures are the step's result.
        var result = await executing.ConfigureAwait(false);
        run.Complete(result, timeProvider.GetElapsedTime(call.StartedAt));
    }

    /// <summary>
    /// The state of one <see cref="ApplyAsync"/> call shared by its steps, and its scheduler. There is no scheduler
    /// thread: whichever thread finishes a step (or parks one) updates the counts under <c>gate</c> and, unless another
    /// thread is dispatching already, starts what became ready itself, so a ready step starts without a hop through a
    /// queue or a polling loop. At most one thread dispatches at a time: a thread that finds another one dispatching
    /// leaves what it made ready to it (the dispatching thread looks again under <c>gate</c> before it stops). Steps
    /// run up to their first real wait while they are dispatched, so providers must not block the calling thread (the
    /// libvirt provider runs its blocking calls on threads of their own). Ready steps start longest remaining path
    /// first (critical path first; ties: more dependents first, then plan order). A step that finishes synchronously
    /// re-enters <see cref="Dispatch"/> on the same thread; the outer dispatch loop picks its followers up instead of
    /// recursing (10,000 instant steps in a chain must not overflow the stack).
    /// <para>
    /// One dispatching thread, measured against any thread dispatching (alternating builds, up of 10,000 creates with
    /// the file journal): 131-139 against 145-156 ms, CPU 163-183 against 200-210 ms. Two threads dispatching ran
    /// the same engine code on data the other core had made, contended for <c>gate</c>, and handed every resumed batch
    /// through the thread pool.
    /// </para>
    /// </summary>
    private sealed class ApplyRun
    {
        [ThreadStatic]
        private static ApplyRun? dispatching;

        private readonly PlanExecutor executor;
        private readonly ImmutableArray<PlannedStep> steps;
        private readonly StepResult?[] results;
        private readonly int[] waiting;
        private readonly List<int>?[] dependents;
        private readonly (int NegativeRank, int NegativeFanOut, int Index)[] priorities;
        private readonly PriorityQueue<int, (int, int, int)> ready = new();
        private readonly Queue<PreparedCall> resuming = new();
        private readonly Dictionary<Task, List<PreparedCall>> parked = new(ReferenceEqualityComparer.Instance);

        // Lists of parked steps given back once their sync ended, for the next sync's steps (a list per sync grew to
        // hundreds of steps each time).
        private readonly Stack<List<PreparedCall>> spareBatches = new();
        private readonly object gate = new();
        private readonly TaskCompletionSource finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly CancellationToken callerToken;
        private readonly int parallelism;
        private int holding;
        private int inFlight;

        // A thread is in the dispatch loop (under gate): others leave their ready steps to it.
        private bool dispatcher;

        public ApplyRun(PlanExecutor executor, Plan plan, IStateJournal journal, ApplyOptions options, CancellationToken stepToken, CancellationToken callerToken)
        {
            this.executor = executor;
            Plan = plan;
            Journal = journal;
            Options = options;
            StepToken = stepToken;
            this.callerToken = callerToken;
            parallelism = Math.Max(1, options.Parallelism);
            OutputsOf = urn => Outputs.TryGetValue(urn, out var outputs) ? outputs : null;
            foreach (var resource in plan.Base.Resources)
            {
                if (!resource.Delete)
                {
                    Outputs[resource.Urn] = ReferenceResolver.Referable(resource);
                }
            }

            steps = plan.Steps;
            var count = steps.Length;
            results = new StepResult?[count];
            waiting = new int[count];
            dependents = new List<int>?[count];
            for (var i = 0; i < count; i++)
            {
                foreach (var dependency in steps[i].DependsOn)
                {
                    waiting[i]++;
                    (dependents[dependency] ??= []).Add(i);
                }
            }

            priorities = Priorities(steps, dependents);
            for (var i = 0; i < count; i++)
            {
                if (waiting[i] == 0)
                {
                    ready.Enqueue(i, priorities[i]);
                }
            }
        }

        public Plan Plan { get; }

        public IStateJournal Journal { get; }

        public ApplyOptions Options { get; }

        /// <summary>The token steps run with: cancelled only after the grace period that follows the caller's cancellation.</summary>
        public CancellationToken StepToken { get; }

        /// <summary>Outputs of the live copy of each resource: the recorded ones, replaced as steps finish.</summary>
        public ConcurrentDictionary<Urn, ObjectValue> Outputs { get; } = new();

        /// <summary>Looks a resource's outputs up in <see cref="Outputs"/> (null when not known); one delegate for every step.</summary>
        public Func<Urn, ObjectValue?> OutputsOf { get; }

        /// <summary>Completes when no step is in flight and none can start (all done, or cancelled).</summary>
        public Task Finished => finished.Task;

        /// <summary>Starts every step that may start now (slots free, dependencies done) and resumes parked steps first.</summary>
        public void Dispatch()
        {
            if (ReferenceEquals(dispatching, this))
            {
                return;
            }

            lock (gate)
            {
                if (dispatcher)
                {
                    // The dispatching thread starts what this caller made ready: it looks again before it stops.
                    return;
                }

                dispatcher = true;
            }

            var outer = dispatching;
            dispatching = this;
            var leaving = false;
            try
            {
                while (true)
                {
                    PreparedCall? resume = null;
                    var start = -1;
                    lock (gate)
                    {
                        if (holding < parallelism && resuming.TryDequeue(out resume))
                        {
                            holding++;
                        }
                        else if (holding < parallelism && !callerToken.IsCancellationRequested && ready.TryDequeue(out start, out _))
                        {
                            holding++;
                            inFlight++;
                        }
                        else
                        {
                            dispatcher = false;
                            leaving = true;
                            if (inFlight == 0)
                            {
                                finished.TrySetResult();
                            }

                            return;
                        }
                    }

                    if (resume is not null)
                    {
                        executor.Execute(this, resume);
                    }
                    else
                    {
                        Start(steps[start]);
                    }
                }
            }
            finally
            {
                dispatching = outer;
                if (!leaving)
                {
                    // Only when a step threw out of the loop (a bug): another thread must be able to dispatch.
                    lock (gate)
                    {
                        dispatcher = false;
                    }
                }
            }
        }

        /// <summary>
        /// Records a prepared step's journal begin and makes its provider call once the begin is durable. While it waits
        /// (a disk sync), the step gives its slot back so that other steps run, and their begins join the same sync.
        /// Steps waiting for the same sync are parked together: when it ends, one continuation queues them all to
        /// resume (ahead of steps not yet started) and the dispatch loop makes each call as slots allow. That
        /// continuation runs on the thread that ended the sync (the file journal's writer) and only queues: the thread
        /// dispatching picks the batch up, and only when none is does the thread pool start one.
        /// </summary>
        public void Begin(PreparedCall call)
        {
            // Journal writes use CancellationToken.None: once a provider call may have happened its outcome must be
            // recorded even when the operation is being cancelled (they are short, local writes).
            Task durable;
            try
            {
                durable = Journal is IBegunStepJournal holding
                    ? holding.BeginStep(call.Pending, out call.Begun)
                    : Journal.BeginStepAsync(call.Pending, CancellationToken.None);
            }
            catch (Exception ex)
            {
                // Not recorded (the journal refused it): the provider must not be called.
                Complete(new StepFailed(call.Step, ex, 0), executor.timeProvider.GetElapsedTime(call.StartedAt));
                return;
            }

            if (durable.IsCompleted)
            {
                if (durable.IsCompletedSuccessfully)
                {
                    executor.Execute(this, call);
                }
                else
                {
                    Complete(new StepFailed(call.Step, FailureOf(durable), 0), executor.timeProvider.GetElapsedTime(call.StartedAt));
                }

                return;
            }

            bool first;
            lock (gate)
            {
                holding--;
                first = !parked.TryGetValue(durable, out var batch);
                if (first)
                {
                    parked[durable] = batch = spareBatches.TryPop(out var spare) ? spare : [];
                }

                batch!.Add(call);
            }

            if (first)
            {
                _ = durable.ContinueWith(Unpark, this, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }

            Dispatch();
        }

        /// <summary>Records the success of a step whose provider call was made (journal writes are not cancelled, as in <see cref="Begin"/>).</summary>
        public Task Succeed(PreparedCall call, ResourceState? newState) =>
            Journal is IBegunStepJournal holding
                ? holding.SucceedStep(call.Pending, call.Begun, newState)
                : Journal.SucceedStepAsync(call.Pending, newState, CancellationToken.None);

        /// <summary>
        /// The sync a batch of steps waited for has ended: they resume in order as slots allow, or fail with it. Runs on
        /// the thread that completed the sync (see <see cref="Begin"/>), so it only queues.
        /// </summary>
        private static void Unpark(Task durable, object? state)
        {
            var run = (ApplyRun)state!; // always the run that registered the continuation
            if (!durable.IsCompletedSuccessfully)
            {
                // Failing the steps tells the observers: on a thread-pool thread, not on the journal's.
                ThreadPool.UnsafeQueueUserWorkItem(static parked => parked.Run.FailParked(parked.Durable), (Run: run, Durable: durable), preferLocal: false);
                return;
            }

            lock (run.gate)
            {
                if (run.parked.Remove(durable, out var batch))
                {
                    foreach (var call in batch)
                    {
                        run.resuming.Enqueue(call);
                    }

                    batch.Clear();
                    run.spareBatches.Push(batch);
                }

                if (run.dispatcher)
                {
                    // It looks at the queue again before it stops.
                    return;
                }
            }

            ThreadPool.UnsafeQueueUserWorkItem(static run => run.Dispatch(), run, preferLocal: false);
        }

        /// <summary>The begin of these parked steps may not be on disk: they must not call their providers.</summary>
        private void FailParked(Task durable)
        {
            List<PreparedCall>? batch;
            lock (gate)
            {
                parked.Remove(durable, out batch);
            }

            var error = FailureOf(durable);
            foreach (var call in batch ?? [])
            {
                // Each takes a slot back: its failure is completed like any other step's, which gives the slot back again.
                lock (gate)
                {
                    holding++;
                }

                Complete(new StepFailed(call.Step, error, 0), executor.timeProvider.GetElapsedTime(call.StartedAt));
            }

            Dispatch();
        }

        private static Exception FailureOf(Task durable) =>
            durable.Exception?.InnerException ?? new OperationCanceledException("the journal sync was cancelled");

        /// <summary>Records a finished step, makes its dependents ready (or skips them when it did not succeed), starts what it can.</summary>
        public void Complete(StepResult result, TimeSpan elapsed)
        {
            Notify(static (observer, finished) => observer.StepFinished(finished.Result, finished.Elapsed), (Result: result, Elapsed: elapsed));
            List<StepResult>? skipped = null;
            lock (gate)
            {
                holding--;
                inFlight--;
                var index = result.Step.Index;
                results[index] = result;
                if (result is StepSucceeded)
                {
                    foreach (var dependent in dependents[index] ?? [])
                    {
                        if (results[dependent] is null && --waiting[dependent] == 0)
                        {
                            ready.Enqueue(dependent, priorities[dependent]);
                        }
                    }
                }
                else
                {
                    skipped = SkipDependents(index);
                }
            }

            foreach (var skip in skipped ?? [])
            {
                Notify(static (observer, skip) => observer.StepFinished(skip, TimeSpan.Zero), skip);
            }

            Dispatch();
        }

        /// <summary>The results in plan order; steps that never started (cancellation) are skipped.</summary>
        public (ImmutableArray<StepResult> Results, bool Cancelled) Results()
        {
            lock (gate)
            {
                var cancelled = false;
                var all = ImmutableArray.CreateBuilder<StepResult>(results.Length);
                for (var i = 0; i < results.Length; i++)
                {
                    if (results[i] is { } result)
                    {
                        all.Add(result);
                        continue;
                    }

                    cancelled = true;
                    var skipped = new StepSkipped(steps[i], "the operation was cancelled before the step started");
                    Notify(static (observer, skipped) => observer.StepFinished(skipped, TimeSpan.Zero), skipped);
                    all.Add(skipped);
                }

                return (all.MoveToImmutable(), cancelled);
            }
        }

        /// <summary>
        /// Longest remaining path first: a step's rank is its weight (1 when it calls a provider, 0 for steps that
        /// only record) plus the highest rank among its dependents, computed in reverse topological order.
        /// </summary>
        private static (int, int, int)[] Priorities(ImmutableArray<PlannedStep> steps, List<int>?[] dependents)
        {
            var count = steps.Length;
            var rank = new int[count];
            var best = new int[count];
            var outstanding = new int[count];
            var order = new Stack<int>();
            for (var i = 0; i < count; i++)
            {
                outstanding[i] = dependents[i]?.Count ?? 0;
                if (outstanding[i] == 0)
                {
                    order.Push(i);
                }
            }

            while (order.TryPop(out var i))
            {
                rank[i] = Weight(steps[i]) + best[i];
                foreach (var dependency in steps[i].DependsOn)
                {
                    best[dependency] = Math.Max(best[dependency], rank[i]);
                    if (--outstanding[dependency] == 0)
                    {
                        order.Push(dependency);
                    }
                }
            }

            var priorities = new (int, int, int)[count];
            for (var i = 0; i < count; i++)
            {
                priorities[i] = (-rank[i], -(dependents[i]?.Count ?? 0), i);
            }

            return priorities;
        }

        private static int Weight(PlannedStep step) => step.Operation is StepOperation.Same or StepOperation.Replace ? 0 : 1;

        private void Start(PlannedStep step)
        {
            Notify(static (observer, step) => observer.StepStarted(step), step);

            // Runs synchronously up to the step's first real wait; a step that never waits completes (and
            // re-enters Dispatch, which returns at once) before this returns.
            executor.Run(this, step);
        }

        // Static callbacks with their state: a closure would be allocated for every step even without an observer.
        private void Notify<TState>(Action<IApplyObserver, TState> call, TState state)
        {
            if (Options.Observer is not { } observer)
            {
                return;
            }

            try
            {
                call(observer, state);
            }
            catch (Exception)
            {
                // Progress display is best effort: an observer's failure must not fail or hang the apply.
            }
        }

        private List<StepResult> SkipDependents(int failed)
        {
            var skipped = new List<StepResult>();
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
                var result = new StepSkipped(steps[item.Index], reason);
                results[item.Index] = result;
                skipped.Add(result);
                foreach (var dependent in dependents[item.Index] ?? [])
                {
                    stack.Push((dependent, item.Index));
                }
            }

            return skipped;
        }
    }
}
