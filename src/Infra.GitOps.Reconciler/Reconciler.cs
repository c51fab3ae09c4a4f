using System.Collections.Concurrent;
using System.Collections.Immutable;
using Infra.GitOps.Loading;
using Infra.GitOps.Reconciler.Audit;
using Infra.GitOps.Reconciler.Decisions;
using Infra.GitOps.Reconciler.Events;
using Infra.GitOps.Reconciler.Outcomes;
using Infra.GitOps.Reconciler.Requests;
using Infra.GitOps.Reconciler.Running;
using Infra.GitOps.Reconciler.Sources;
using Infra.GitOps.Reconciler.Status;
using Infra.GitOps.Reconciler.Storage;
using Infra.GitOps.State;
using Microsoft.Extensions.Logging;

namespace Infra.GitOps.Reconciler;

/// <summary>
/// Reconciles the stacks of one repository and branch: each pass fetches the remote, compiles the head, and for
/// each stack decides (<see cref="Decisions.ReconcileDecider"/>) whether to run, then under the stack's lock
/// loads, refreshes, previews, checks guards, applies and records status, audit trail and events.
/// Thread-safe: passes may overlap with requests from other threads; one stack is only ever changed under its
/// state-store lock, so several reconcilers (or processes) never apply the same stack at once.
/// </summary>
public sealed partial class Reconciler
{
    private readonly ReconcilerOptions options;
    private readonly IRevisionSource source;
    private readonly IRepositoryCompiler compiler;
    private readonly IStateStore stateStore;
    private readonly IStackRunner runner;
    private readonly IEventSink events;
    private readonly TimeProvider timeProvider;
    private readonly ILogger<Reconciler> logger;

    /// <summary>Creates a reconciler. Nothing runs until <see cref="RunPassAsync(CancellationToken)"/> (or the hosted service) is called.</summary>
    /// <exception cref="ArgumentException">When <paramref name="options"/> are invalid.</exception>
    public Reconciler(
        ReconcilerOptions options,
        IRevisionSource source,
        IRepositoryCompiler compiler,
        IStateStore stateStore,
        IStackRunner runner,
        IEventSink events,
        TimeProvider timeProvider,
        ILogger<Reconciler> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(compiler);
        ArgumentNullException.ThrowIfNull(stateStore);
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        options.Validate();
        this.options = options;
        this.source = source;
        this.compiler = compiler;
        this.stateStore = stateStore;
        this.runner = runner;
        this.events = events;
        this.timeProvider = timeProvider;
        this.logger = logger;
        var paths = new ReconcilerPaths(options.StateDirectory);
        Statuses = new StatusStore(paths);
        AuditTrail = new AuditTrail(paths);
        Requests = new RequestInbox(paths);
    }

    /// <summary>The stacks' status files (<c>infra-gitops status</c>).</summary>
    public StatusStore Statuses { get; }

    /// <summary>The stacks' audit trails (<c>infra-gitops history --stack S</c>).</summary>
    public AuditTrail AuditTrail { get; }

    /// <summary>Pending manual and rollback requests.</summary>
    public RequestInbox Requests { get; }

    /// <summary>
    /// One pass over every stack of the tracked branch's head (<c>reconcile --once</c>): stacks run in parallel,
    /// at most <see cref="ReconcilerOptions.MaxConcurrency"/> at once, within <see cref="ReconcilerOptions.PassTimeout"/>.
    /// Failures become outcomes; only cancellation through <paramref name="cancellationToken"/> throws
    /// (<see cref="OperationCanceledException"/>), after the steps in flight finished as the engine allows.
    /// </summary>
    public Task<ReconcilePassResult> RunPassAsync(CancellationToken cancellationToken) =>
        RunPassCoreAsync(null, cancellationToken, cancellationToken);

    /// <summary>
    /// As <see cref="RunPassAsync(CancellationToken)"/>, for the one stack <paramref name="stack"/> only
    /// (<c>reconcile --stack S</c>, <c>rollback</c>): the other stacks are left alone. A stack that does not exist at
    /// the head gives a pass with no outcome.
    /// </summary>
    public Task<ReconcilePassResult> RunPassAsync(string stack, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(stack);
        return RunPassCoreAsync(stack, cancellationToken, cancellationToken);
    }

    /// <summary>Asks for a reconcile of <paramref name="stack"/> at the next pass, even when up to date, stalled or backing off.</summary>
    /// <returns>The request as stored.</returns>
    /// <param name="stack">The stack.</param>
    /// <param name="overrideDeleteLimit">Allow this run to delete more than the stack's <c>maxDeletes</c>.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public Task<ReconcileRequest> RequestReconcileAsync(string stack, bool overrideDeleteLimit, CancellationToken cancellationToken) =>
        SubmitAsync(stack, ReconcileRequestKind.Manual, null, overrideDeleteLimit, cancellationToken);

    /// <summary>
    /// Asks to apply <paramref name="revision"/> (a commit id or tag of the repository) to <paramref name="stack"/> at
    /// the next pass, and to hold it there until the branch moves. Throws <c>SourceUnavailableException</c> when the
    /// revision does not exist (the remote is fetched first).
    /// </summary>
    public async Task<ReconcileRequest> RequestRollbackAsync(string stack, string revision, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(revision);
        await source.FetchAsync(cancellationToken).ConfigureAwait(false);
        var commit = await source.ResolveAsync(revision, cancellationToken).ConfigureAwait(false);
        return await SubmitAsync(stack, ReconcileRequestKind.Rollback, commit.Sha, false, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every stack's stored status, ordered by name.</summary>
    public Task<IReadOnlyList<StackStatus>> GetStatusAsync(CancellationToken cancellationToken) =>
        Statuses.ListAsync(cancellationToken);

    /// <summary>The newest <paramref name="limit"/> audit entries of <paramref name="stack"/>, oldest first.</summary>
    public Task<IReadOnlyList<AuditEntry>> GetHistoryAsync(string stack, int limit, CancellationToken cancellationToken) =>
        AuditTrail.ReadAsync(stack, limit, cancellationToken);

    /// <summary>
    /// A pass over every stack, or only <paramref name="only"/>. <paramref name="stopStarting"/> stops starting stacks
    /// (graceful shutdown); <paramref name="cancellationToken"/> is passed to the stacks in flight.
    /// </summary>
    internal async Task<ReconcilePassResult> RunPassCoreAsync(string? only, CancellationToken stopStarting, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(options.PassTimeout, timeProvider);
        using var pass = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var started = timeProvider.GetTimestamp();
        Log.PassStarted(logger, source.Description);

        CommitSummary head;
        LoadResult<CompiledRepository> compiled;
        try
        {
            head = await source.FetchAsync(pass.Token).ConfigureAwait(false);
            var tree = await source.GetTreeAsync(head.Sha, pass.Token).ConfigureAwait(false);
            compiled = await compiler.CompileAsync(tree, pass.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (SourceProblems.Classify(exception) is { } problem)
        {
            Log.SourceUnavailable(logger, source.Description, problem.Message);
            var stalled = await RecordSourceProblemAsync(problem, pass.Token).ConfigureAwait(false);
            return new ReconcilePassResult(null, stalled, problem.Message);
        }

        var outcomes = new ConcurrentBag<ReconcileOutcome>();
        var context = new PassContext(head, compiled.Value, cancellationToken);
        var stacks = compiled.Value is { } repository
            ? repository.Stacks

            // The repository as a whole is unusable (no project file): every stack we know of stalls with the diagnostics.
            : (await Statuses.ListAsync(pass.Token).ConfigureAwait(false))
                .Select(status => new CompiledStack(status.Stack, null, null, compiled.Diagnostics))
                .ToImmutableArray();
        if (only is not null)
        {
            stacks = stacks.Where(s => s.Name == only).ToImmutableArray();
        }

        // Dependencies first (reconcile.dependsOn): the pass takes stacks in this order, so a stack waiting for its
        // dependencies holds a slot only while they hold or have had theirs (no deadlock at any concurrency).
        var inOrder = DependencyOrder.Sort(stacks);
        var done = new Dictionary<string, (int Position, TaskCompletionSource<ReconcileOutcome?> Turn)>(StringComparer.Ordinal);
        for (var i = 0; i < inOrder.Length; i++)
        {
            done.TryAdd(inOrder[i].Name, (i, new TaskCompletionSource<ReconcileOutcome?>(TaskCreationOptions.RunContinuationsAsynchronously)));
        }

        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.MaxConcurrency, CancellationToken = pass.Token };
        await Parallel.ForEachAsync(inOrder, parallel, async (stack, token) =>
        {
            ReconcileOutcome? outcome = null;
            try
            {
                // Graceful shutdown: stacks not yet started wait for the next pass; those running finish.
                if (!stopStarting.IsCancellationRequested)
                {
                    outcome = await WaitForDependenciesAsync(stack, done, token).ConfigureAwait(false)
                        ?? await ReconcileStackAsync(context, stack, token).ConfigureAwait(false);
                    outcomes.Add(outcome);
                }
            }
            finally
            {
                // Always: its dependents must not wait for a stack that did not run.
                done[stack.Name].Turn.TrySetResult(outcome);
            }
        }).ConfigureAwait(false);

        var ordered = outcomes.OrderBy(o => o.Stack, StringComparer.Ordinal).ToImmutableArray();
        Log.PassFinished(
            logger,
            source.Description,
            head.ShortSha,
            (long)timeProvider.GetElapsedTime(started).TotalMilliseconds,
            ordered.Count(o => o is ReconcileSucceeded),
            ordered.Count(o => o is ReconcileSkipped),
            ordered.Count(o => o.IsFailure));
        return new ReconcilePassResult(head.Sha, ordered, null);
    }

    /// <summary>
    /// Waits until every stack <paramref name="stack"/> depends on has had its turn in this pass, then returns null when
    /// all are Ready (their stored status), or the stack's skip when one is not: failed, stalled, waiting, never applied,
    /// or not run in this pass for a shutdown. A dependency not in the pass (<c>reconcile --stack</c>), or one the order
    /// put after this stack (a cycle, which the loader reports), is judged by its status alone: waiting for it could
    /// never end.
    /// </summary>
    private async Task<ReconcileOutcome?> WaitForDependenciesAsync(
        CompiledStack stack, Dictionary<string, (int Position, TaskCompletionSource<ReconcileOutcome?> Turn)> done, CancellationToken cancellationToken)
    {
        var dependsOn = stack.Stack?.Definition.Reconcile.DependsOn ?? [];
        var position = done[stack.Name].Position;
        foreach (var dependency in dependsOn)
        {
            if (done.TryGetValue(dependency, out var other) && other.Position < position)
            {
                await other.Turn.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            }

            var status = await Statuses.LoadAsync(dependency, cancellationToken).ConfigureAwait(false);
            if (status is null || !status.Is(ConditionTypes.Ready) || status.LastAppliedRevision is null)
            {
                var state = status is null ? "never reconciled" : $"{status.Result} ({status.Reason})";
                Log.DependencyNotReady(logger, stack.Name, dependency, state);
                return new ReconcileSkipped(stack.Name, SkipReason.DependencyNotReady);
            }
        }

        return null;
    }

    private async Task<ReconcileRequest> SubmitAsync(
        string stack, ReconcileRequestKind kind, string? revision, bool overrideDeleteLimit, CancellationToken cancellationToken)
    {
        if (!ReconcilerPaths.IsValidStackName(stack))
        {
            throw new ArgumentException($"'{stack}' is not a valid stack name", nameof(stack));
        }

        var request = new ReconcileRequest(Guid.NewGuid().ToString("N"), stack, kind, revision, timeProvider.GetUtcNow(), overrideDeleteLimit);
        await Requests.SubmitAsync(request, cancellationToken).ConfigureAwait(false);
        return request;
    }

    private async Task PublishAsync(ReconcileEvent reconcileEvent, CancellationToken cancellationToken)
    {
        try
        {
            await events.PublishAsync(reconcileEvent, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // A notification channel's failure must not turn an applied stack into a failed one.
            Log.EventSinkFailed(logger, reconcileEvent.Stack, exception);
        }
    }

    private LockOwner Owner(string operation) =>
        new(options.Owner, Environment.ProcessId, Environment.MachineName, operation, timeProvider.GetUtcNow());
}
