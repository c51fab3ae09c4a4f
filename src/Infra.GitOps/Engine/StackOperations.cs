using System.Collections.Immutable;
using Infra.GitOps.Engine.Execution;
using Infra.GitOps.Engine.Planning;
using Infra.GitOps.Graph;
using Infra.GitOps.Model;
using Infra.GitOps.Providers;
using Infra.GitOps.State;

namespace Infra.GitOps.Engine;

/// <summary>
/// The operations the CLI and the reconciler run on a stack, after Pulumi's: preview, up, refresh, destroy.
/// Each configures the providers it needs once (with the stack's provider settings), takes the stack lock
/// (except preview), settles the pending operations a crash left (crash recovery), plans, and applies through
/// the state journal. Thread-safe; operations on different stacks may run at once.
/// </summary>
public sealed class StackOperations
{
    private readonly TimeProvider timeProvider;

    /// <summary>Creates the operations; all time (retry delays, durations, timestamps) comes from <paramref name="timeProvider"/>.</summary>
    public StackOperations(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        this.timeProvider = timeProvider;
    }

    /// <summary>
    /// Plans without changing anything: no lock, no write. Pending operations of the recorded state are settled in
    /// memory (provider reads only) so the preview shows what up would do.
    /// </summary>
    public async Task<Plan> PreviewAsync(ResourceGraph graph, IStateStore store, ProviderRegistry providers, StackOperationOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(providers);
        ArgumentNullException.ThrowIfNull(options);
        var state = await store.LoadAsync(graph.Stack, cancellationToken).ConfigureAwait(false) ?? StackSnapshot.Empty;
        await ConfigureAsync(graph.Project, graph.Stack, graph.ProviderConfigurations, providers, graph, state, cancellationToken).ConfigureAwait(false);
        state = await PendingOperationRecovery.SettleAsync(state, providers, cancellationToken).ConfigureAwait(false);
        return await new Planner(providers, timeProvider).PlanAsync(graph, state, options.Plan, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Brings the stack to <paramref name="graph"/>: lock, load, settle pending operations (an interrupted create
    /// whose resource exists is adopted, not duplicated), plan, check the plan against
    /// <see cref="StackOperationOptions.SavedPlan"/>, apply, and write the new checkpoint (also after a failed
    /// step or a cancellation: whatever finished is recorded). A plan with error diagnostics applies nothing.
    /// </summary>
    /// <exception cref="LockConflictException">When someone else holds the stack's lock.</exception>
    /// <exception cref="PlanConflictException">When the fresh plan does something the saved plan did not show.</exception>
    public async Task<UpResult> UpAsync(ResourceGraph graph, IStateStore store, ProviderRegistry providers, LockOwner owner, StackOperationOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(graph);
        return await RunAsync(graph.Project, graph.Stack, graph.ProviderConfigurations, store, providers, owner, options, graph, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Deletes every resource of the stack (or only <see cref="PlanOptions.Targets"/> and what depends on them is
    /// not included: targets only), in reverse dependency order; protected resources stop the destroy with a
    /// diagnostic, retainOnDelete ones only leave the state. Same locking, recovery and journalling as up.
    /// </summary>
    /// <exception cref="LockConflictException">When someone else holds the stack's lock.</exception>
    public async Task<UpResult> DestroyAsync(
        string project,
        string stack,
        IReadOnlyDictionary<string, ObjectValue> providerConfigurations,
        IStateStore store,
        ProviderRegistry providers,
        LockOwner owner,
        StackOperationOptions options,
        CancellationToken cancellationToken)
    {
        var empty = new ResourceGraph(project, stack, ImmutableArray<GraphResource>.Empty, ImmutableSortedDictionary.Create<string, ObjectValue>(StringComparer.Ordinal));
        return await RunAsync(project, stack, providerConfigurations, store, providers, owner, options, empty, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads every recorded resource from its provider and records what it found: drift shows as
    /// <see cref="StepOperation.Refresh"/> steps whose diff compares the recorded outputs with the actual ones;
    /// a resource that is gone leaves the state. Unchanged resources are <see cref="StepOperation.Same"/> steps.
    /// </summary>
    /// <exception cref="LockConflictException">When someone else holds the stack's lock.</exception>
    public async Task<UpResult> RefreshAsync(
        string project,
        string stack,
        IReadOnlyDictionary<string, ObjectValue> providerConfigurations,
        IStateStore store,
        ProviderRegistry providers,
        LockOwner owner,
        StackOperationOptions options,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(providers);
        ArgumentNullException.ThrowIfNull(options);
        var stackLock = await store.AcquireLockAsync(stack, owner, cancellationToken).ConfigureAwait(false);
        await using (stackLock.ConfigureAwait(false))
        {
            var state = await store.LoadAsync(stack, cancellationToken).ConfigureAwait(false) ?? StackSnapshot.Empty;
            await ConfigureAsync(project, stack, providerConfigurations, providers, null, state, cancellationToken).ConfigureAwait(false);
            state = await PendingOperationRecovery.SettleAsync(state, providers, cancellationToken).ConfigureAwait(false);
            var started = timeProvider.GetTimestamp();
            var steps = new PlannedStep[state.Resources.Length];
            await Parallel.ForEachAsync(
                Enumerable.Range(0, state.Resources.Length),
                new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Apply.Parallelism), CancellationToken = cancellationToken },
                async (i, token) => steps[i] = await RefreshStepAsync(providers, state.Resources[i], i, token).ConfigureAwait(false)).ConfigureAwait(false);
            var frozen = steps.ToImmutableArray();
            var plan = new Plan(project, stack, frozen, ImmutableArray<Diagnostic>.Empty, ChangeSummary.Of(frozen), timeProvider.GetElapsedTime(started), state);
            var journal = await store.BeginOperationAsync(stackLock, state, cancellationToken).ConfigureAwait(false);
            await using (journal.ConfigureAwait(false))
            {
                var applied = await new PlanExecutor(providers, timeProvider).ApplyAsync(plan, journal, options.Apply, cancellationToken).ConfigureAwait(false);
                var snapshot = await journal.CompleteAsync(CancellationToken.None).ConfigureAwait(false);
                return new UpResult(plan, applied, snapshot);
            }
        }
    }

    private static async Task<PlannedStep> RefreshStepAsync(ProviderRegistry providers, ResourceState old, int index, CancellationToken cancellationToken)
    {
        var same = new PlannedStep { Index = index, Operation = StepOperation.Same, Urn = old.Urn, Type = old.Type, Custom = old.Custom, Old = old };
        if (!old.Custom || old.Id is null)
        {
            return same;
        }

        var provider = providers.Find(old.Type.Package)
            ?? throw new GitOpsException($"cannot refresh '{old.Urn}': no provider for package '{old.Type.Package}'");
        var read = await provider.ReadAsync(new ReadRequest(old.Urn, old.Type, old.Id, old.Inputs, old.Outputs), cancellationToken).ConfigureAwait(false);
        switch (read)
        {
            case ResourceFound found:
                {
                    var actual = old with { Id = found.Id, Inputs = found.Inputs, Outputs = found.Outputs };
                    var diff = PropertyDiffer.Diff(old.Outputs, found.Outputs);
                    if (diff.IsEmpty && found.Inputs.Equals(old.Inputs) && found.Id == old.Id)
                    {
                        return same;
                    }

                    if (diff.IsEmpty)
                    {
                        diff = PropertyDiffer.Diff(old.Inputs, found.Inputs);
                    }

                    return same with
                    {
                        Operation = StepOperation.Refresh,
                        NewState = actual,
                        Diff = diff,
                        DiffReasons = diff.Select(c => PropertyPath.TopLevel(c.Path)).Distinct(StringComparer.Ordinal).ToImmutableArray(),
                    };
                }

            default:
                return same with
                {
                    Operation = StepOperation.Refresh,
                    NewState = null,
                    Diff = PropertyDiffer.Diff(old.Outputs, ObjectValue.Empty),
                };
        }
    }

    private async Task<UpResult> RunAsync(
        string project,
        string stack,
        IReadOnlyDictionary<string, ObjectValue> providerConfigurations,
        IStateStore store,
        ProviderRegistry providers,
        LockOwner owner,
        StackOperationOptions options,
        ResourceGraph graph,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(providers);
        ArgumentNullException.ThrowIfNull(options);
        var stackLock = await store.AcquireLockAsync(stack, owner, cancellationToken).ConfigureAwait(false);
        await using (stackLock.ConfigureAwait(false))
        {
            var loaded = await store.LoadAsync(stack, cancellationToken).ConfigureAwait(false) ?? StackSnapshot.Empty;
            await ConfigureAsync(project, stack, providerConfigurations, providers, graph, loaded, cancellationToken).ConfigureAwait(false);
            var state = await PendingOperationRecovery.SettleAsync(loaded, providers, cancellationToken).ConfigureAwait(false);
            var plan = await new Planner(providers, timeProvider).PlanAsync(graph, state, options.Plan, cancellationToken).ConfigureAwait(false);
            options.SavedPlan?.Verify(plan);
            if (plan.HasErrors)
            {
                return new UpResult(plan, null, loaded);
            }

            var journal = await store.BeginOperationAsync(stackLock, state, cancellationToken).ConfigureAwait(false);
            await using (journal.ConfigureAwait(false))
            {
                var applyOptions = options.SavedPlan is null ? options.Apply : options.Apply with { Constraint = options.SavedPlan };
                var applied = await new PlanExecutor(providers, timeProvider).ApplyAsync(plan, journal, applyOptions, cancellationToken).ConfigureAwait(false);

                // Whatever finished is recorded, also after a failure or a cancellation.
                var snapshot = await journal.CompleteAsync(CancellationToken.None).ConfigureAwait(false);
                return new UpResult(plan, applied, snapshot);
            }
        }
    }

    private static Task ConfigureAsync(
        string project,
        string stack,
        IReadOnlyDictionary<string, ObjectValue> configurations,
        ProviderRegistry providers,
        ResourceGraph? graph,
        StackSnapshot state,
        CancellationToken cancellationToken)
    {
        var packages = state.Resources.Where(r => r.Custom).Select(r => r.Type.Package)
            .Concat(state.PendingOperations.Select(p => p.Resource.Type.Package))
            .Concat(graph?.Resources.Where(r => r.Custom).Select(r => r.Type.Package) ?? []);
        return providers.ConfigureAsync(project, stack, configurations, packages, cancellationToken);
    }
}
