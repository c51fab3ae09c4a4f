using System.Collections.Immutable;
using Infra.GitOps.Engine;
using Infra.GitOps.Engine.Planning;
using Infra.GitOps.Model;
using Infra.GitOps.State;

namespace Infra.GitOps.Reconciler.Running;

/// <summary>
/// <see cref="IStackRunner"/> over the engine's <see cref="StackOperations"/>: refresh, preview and up of one
/// compiled stack, under the lock the reconciler holds. <c>up</c> is constrained to the previewed plan (a step it
/// did not show is refused with <see cref="PlanConflictException"/>). A plan with error diagnostics (provider
/// Check failures, protect violations) throws <see cref="InvalidConfigurationException"/>: the stack stalls with
/// them. For the <c>maxDeletes</c> guard, deletes are the plan's delete steps (a replacement is not a delete).
/// </summary>
public sealed class EngineStackRunner : IStackRunner
{
    private readonly StackOperations operations;
    private readonly IStateStore store;
    private readonly ProviderRegistry providers;
    private readonly StackOperationOptions options;

    /// <summary>Creates the runner over the engine, the stacks' state store and the providers.</summary>
    public EngineStackRunner(StackOperations operations, IStateStore store, ProviderRegistry providers, StackOperationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(operations);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(providers);
        this.operations = operations;
        this.store = store;
        this.providers = providers;
        this.options = options ?? StackOperationOptions.Default;
    }

    /// <inheritdoc />
    public async Task<int> RefreshAsync(StackRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var graph = Graph(run);
        var result = await operations.RefreshAsync(
            graph.Project, graph.Stack, graph.ProviderConfigurations, Held(run), providers, run.Lock.Owner, options, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw new GitOpsException("refresh failed: " + Failures(result));
        }

        return result.Plan.Steps.Count(s => s.Operation == StepOperation.Refresh);
    }

    /// <inheritdoc />
    public async Task<StackPreview> PreviewAsync(StackRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var plan = await operations.PreviewAsync(Graph(run), Held(run), providers, options, cancellationToken).ConfigureAwait(false);
        if (plan.HasErrors)
        {
            throw new InvalidConfigurationException(plan.Diagnostics);
        }

        var deletes = plan.Steps
            .Where(s => s.Operation == StepOperation.Delete || (s.Operation == StepOperation.DeleteReplaced && s.Goal is null))
            .Select(s => s.Urn.Value)
            .ToImmutableArray();
        return new StackPreview(Counts(plan.ChangeSummary), deletes, plan);
    }

    /// <inheritdoc />
    public async Task<StackApplyResult> UpAsync(StackRun run, StackPreview preview, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(preview);
        var shown = preview.Plan as Plan ?? throw new ArgumentException("the preview was not made by this runner", nameof(preview));
        var constrained = options with { SavedPlan = PlanJson.Deserialize(PlanJson.Serialize(shown)) };
        var result = await operations.UpAsync(Graph(run), Held(run), providers, run.Lock.Owner, constrained, cancellationToken).ConfigureAwait(false);
        if (result.Plan.HasErrors)
        {
            throw new InvalidConfigurationException(result.Plan.Diagnostics);
        }

        var changes = Counts(result.Plan.ChangeSummary);
        if (!result.Succeeded)
        {
            return new StackApplyFailed(changes, Failures(result));
        }

        var outputs = result.Snapshot.Resources
            .Where(r => r.Custom && !r.Delete)
            .GroupBy(r => r.Urn.Name, StringComparer.Ordinal)
            .ToImmutableSortedDictionary(g => g.Key, g => (PropertyValue)g.Last().Outputs, StringComparer.Ordinal);
        return new StackApplied(changes, outputs);
    }

    private static ChangeCounts Counts(ChangeSummary summary) => new(
        summary[StepOperation.Create],
        summary[StepOperation.Update],
        summary[StepOperation.Replace],
        summary[StepOperation.Delete],
        summary[StepOperation.Same]);

    private static string Failures(UpResult result) =>
        result.Apply is { Cancelled: true } ? "cancelled" :
        string.Join("; ", result.Apply?.Failures.Select(f => $"{f.Step.Urn.Name}: {f.Error.Message}") ?? []);

    private static Graph.ResourceGraph Graph(StackRun run) =>
        run.Stack.Graph ?? throw new ArgumentException($"stack '{run.Stack.Name}' has errors and no graph", nameof(run));

    private HeldLockStateStore Held(StackRun run) => new(store, run.Lock);
}
