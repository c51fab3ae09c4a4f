using System.Runtime.CompilerServices;
using Infra.GitOps.Engine.Planning;
using Infra.GitOps.Graph;
using Infra.GitOps.Model;
using Infra.GitOps.Providers;
using Infra.GitOps.State;

namespace Infra.GitOps.Engine.Execution;

/// <summary>One step: resolve inputs, journal, call the provider (with retries), journal the outcome.</summary>
public sealed partial class PlanExecutor
{
    // Not async itself: a step that waits (for its begin's sync, for a provider) suspends only the operation's own
    // method, not this dispatch as well (one state machine fewer to box per waiting step: every create waits for its
    // begin's sync).
    private Task<StepResult> RunStepAsync(ApplyRun run, PlannedStep step, StrongBox<int> attempts, CancellationToken cancellationToken) =>
        step.Operation switch
        {
            StepOperation.Replace => Task.FromResult<StepResult>(new StepSucceeded(step, null, 0)),
            StepOperation.Same => SameAsync(run, step, cancellationToken),
            StepOperation.Create or StepOperation.CreateReplacement => CreateAsync(run, step, attempts, cancellationToken),
            StepOperation.Update => UpdateAsync(run, step, attempts, cancellationToken),
            StepOperation.Delete or StepOperation.DeleteReplaced => DeleteAsync(run, step, attempts, cancellationToken),
            StepOperation.Refresh or StepOperation.Read => RecordReadAsync(run, step),
            _ => Task.FromException<StepResult>(new InvalidOperationException($"unknown step operation {step.Operation}")),
        };

    private static async Task<StepResult> SameAsync(ApplyRun run, PlannedStep step, CancellationToken cancellationToken)
    {
        // Only a targeted-out or unchanged resource: no provider call; the state changes only when options did.
        var old = step.Old!; // a same step always has recorded state
        if (step.Goal is null)
        {
            return new StepSucceeded(step, old, 0);
        }

        var inputs = step.NewInputs is { IsKnown: true } known ? known : old.Inputs;
        var state = NewState(step.Goal, inputs, old.Id, old.Outputs, old.Created, old.Modified);
        if (!SameRecord(old, state))
        {
            await RecordWithoutProviderAsync(run, old, state, PendingOperationType.Updating).ConfigureAwait(false);
        }

        run.Outputs[step.Urn] = ReferenceResolver.Referable(state);
        return new StepSucceeded(step, state, 0);
    }

    private async Task<StepResult> CreateAsync(ApplyRun run, PlannedStep step, StrongBox<int> attempts, CancellationToken cancellationToken)
    {
        var goal = step.Goal!; // creates always have a goal
        var now = timeProvider.GetUtcNow();
        if (step.Operation == StepOperation.CreateReplacement && !step.DeleteBeforeReplace && step.Old is { } replaced)
        {
            // Create-before-delete: mark the old copy delete:true first so that the new copy (same URN) does not
            // overwrite it in the journal; its delete-replaced step removes it later. A crash between the two
            // leaves the marked copy, which the next plan deletes after creating the replacement.
            await RecordWithoutProviderAsync(run, replaced, replaced with { Delete = true }, PendingOperationType.Updating).ConfigureAwait(false);
        }

        if (!goal.Custom)
        {
            var component = NewState(goal, step.NewInputs is { IsKnown: true } k ? k : ObjectValue.Empty, null, ObjectValue.Empty, now, now);
            await RecordWithoutProviderAsync(run, null, component, PendingOperationType.Creating).ConfigureAwait(false);
            run.Outputs[step.Urn] = ReferenceResolver.Referable(component);
            return new StepSucceeded(step, component, 0);
        }

        var provider = ProviderOf(step);
        var inputs = await ResolveInputsAsync(run, provider, step, cancellationToken).ConfigureAwait(false);
        run.Options.Constraint?.Validate(step, inputs);
        var pending = new PendingOperation(NewState(goal, inputs, null, ObjectValue.Empty, now, now), PendingOperationType.Creating);

        await run.BeginAsync(pending).ConfigureAwait(false);
        var created = await CallProviderAsync(
            run,
            pending,
            attempts,
            token => provider.CreateAsync(new CreateRequest(step.Urn, step.Type, inputs, run.Options.OperationTimeout), token),
            cancellationToken).ConfigureAwait(false);
        var state = pending.Resource with { Id = created.Id, Outputs = created.Outputs };
        await run.Journal.SucceedStepAsync(pending, state, CancellationToken.None).ConfigureAwait(false);
        run.Outputs[step.Urn] = ReferenceResolver.Referable(state);
        return new StepSucceeded(step, state, attempts.Value);
    }

    private async Task<StepResult> UpdateAsync(ApplyRun run, PlannedStep step, StrongBox<int> attempts, CancellationToken cancellationToken)
    {
        var goal = step.Goal!; // updates always have a goal
        var old = step.Old!; // and a recorded state
        var now = timeProvider.GetUtcNow();
        if (!goal.Custom)
        {
            var component = NewState(goal, step.NewInputs is { IsKnown: true } k ? k : old.Inputs, null, old.Outputs, old.Created, now);
            await RecordWithoutProviderAsync(run, old, component, PendingOperationType.Updating).ConfigureAwait(false);
            run.Outputs[step.Urn] = ReferenceResolver.Referable(component);
            return new StepSucceeded(step, component, 0);
        }

        var provider = ProviderOf(step);
        var inputs = await ResolveInputsAsync(run, provider, step, cancellationToken).ConfigureAwait(false);
        if (inputs.Equals(old.Inputs) && !(step.NewInputs?.IsKnown ?? true))
        {
            // Planned as an update only because a dependency's outputs were unknown; they turned out unchanged.
            var unchanged = NewState(goal, inputs, old.Id, old.Outputs, old.Created, old.Modified);
            if (!SameRecord(old, unchanged))
            {
                await RecordWithoutProviderAsync(run, old, unchanged, PendingOperationType.Updating).ConfigureAwait(false);
            }

            run.Outputs[step.Urn] = ReferenceResolver.Referable(unchanged);
            return new StepSucceeded(step, unchanged, 0);
        }

        run.Options.Constraint?.Validate(step, inputs);
        var pending = new PendingOperation(old, PendingOperationType.Updating);
        await run.BeginAsync(pending).ConfigureAwait(false);
        var updated = await CallProviderAsync(
            run,
            pending,
            attempts,
            token => provider.UpdateAsync(
                new UpdateRequest(step.Urn, step.Type, old.Id ?? string.Empty, old.Inputs, old.Outputs, inputs, goal.Options.IgnoreChanges, run.Options.OperationTimeout),
                token),
            cancellationToken).ConfigureAwait(false);
        var state = NewState(goal, inputs, old.Id, updated.Outputs, old.Created, now);
        await run.Journal.SucceedStepAsync(pending, state, CancellationToken.None).ConfigureAwait(false);
        run.Outputs[step.Urn] = ReferenceResolver.Referable(state);
        return new StepSucceeded(step, state, attempts.Value);
    }

    private async Task<StepResult> DeleteAsync(ApplyRun run, PlannedStep step, StrongBox<int> attempts, CancellationToken cancellationToken)
    {
        var old = step.Old!; // deletes always have a recorded state

        // The old copy of a create-before-delete replacement was marked delete:true by its create-replacement.
        var recorded = step.Operation == StepOperation.DeleteReplaced && step.Goal is not null && !step.DeleteBeforeReplace
            ? old with { Delete = true }
            : old;
        if (!old.Custom || old.RetainOnDelete || old.Id is null)
        {
            // Components have nothing to delete; retainOnDelete leaves the real resource (Pulumi calls no Delete).
            await RecordWithoutProviderAsync(run, recorded, null, PendingOperationType.Deleting).ConfigureAwait(false);
            return new StepSucceeded(step, null, 0);
        }

        var provider = ProviderOf(step);
        var pending = new PendingOperation(recorded, PendingOperationType.Deleting);
        await run.BeginAsync(pending).ConfigureAwait(false);
        await CallProviderAsync(
            run,
            pending,
            attempts,
            async token =>
            {
                await provider.DeleteAsync(new DeleteRequest(step.Urn, step.Type, old.Id, old.Inputs, old.Outputs, run.Options.OperationTimeout), token).ConfigureAwait(false);
                return true;
            },
            cancellationToken).ConfigureAwait(false);
        await run.Journal.SucceedStepAsync(pending, null, CancellationToken.None).ConfigureAwait(false);
        return new StepSucceeded(step, null, attempts.Value);
    }

    private static async Task<StepResult> RecordReadAsync(ApplyRun run, PlannedStep step)
    {
        var old = step.Old!; // refresh steps are planned from recorded state
        await RecordWithoutProviderAsync(run, old, step.NewState, PendingOperationType.Reading).ConfigureAwait(false);
        if (step.NewState is { } state)
        {
            run.Outputs[step.Urn] = ReferenceResolver.Referable(state);
        }

        return new StepSucceeded(step, step.NewState, 0);
    }

    private static async Task RecordWithoutProviderAsync(ApplyRun run, ResourceState? old, ResourceState? newState, PendingOperationType type)
    {
        // old is null only for a component create; the record then names the new resource. No provider call, so no
        // begin: nothing outside the state changes, and a crash that loses this record only makes the next plan
        // do the same again.
        var pending = new PendingOperation(old ?? newState!, type);
        await run.Journal.SucceedStepAsync(pending, newState, CancellationToken.None).ConfigureAwait(false);
    }

    private async Task<T> CallProviderAsync<T>(
        ApplyRun run,
        PendingOperation pending,
        StrongBox<int> attempts,
        Func<CancellationToken, Task<T>> call,
        CancellationToken cancellationToken)
    {
        var options = run.Options;
        var maxAttempts = Math.Max(1, options.MaxAttempts);
        while (true)
        {
            attempts.Value++;
            try
            {
                return await call(cancellationToken).ConfigureAwait(false);
            }
            catch (ProviderException ex) when (ex.IsTransient && attempts.Value < maxAttempts && !cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(RetryDelay(options, attempts.Value), timeProvider, cancellationToken).ConfigureAwait(false);
            }
            catch (ProviderException)
            {
                // The provider answered: nothing happened, so the pending operation is cleared. Any other
                // exception leaves it pending: the outcome is unknown and the next run settles it by reading.
                await run.Journal.FailStepAsync(pending, CancellationToken.None).ConfigureAwait(false);
                throw;
            }
        }
    }

    private static TimeSpan RetryDelay(ApplyOptions options, int attempt)
    {
        var exponential = options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1);
        var capped = Math.Min(exponential, options.RetryMaxDelay.TotalMilliseconds);

        // Jitter: 50-100 % of the delay, so that parallel steps throttled together do not retry together.
        return TimeSpan.FromMilliseconds(capped * (0.5 + (Random.Shared.NextDouble() / 2)));
    }

    private async Task<ObjectValue> ResolveInputsAsync(ApplyRun run, IResourceProvider provider, PlannedStep step, CancellationToken cancellationToken)
    {
        if (step.NewInputs is { IsKnown: true } known)
        {
            return known;
        }

        var goal = step.Goal!; // only creates and updates resolve inputs
        var missing = new List<string>();
        var resolved = ReferenceResolver.Resolve(goal.Inputs, urn => run.Outputs.TryGetValue(urn, out var outputs) ? outputs : null, missing);
        if (missing.Count > 0 || !resolved.IsKnown)
        {
            throw new GitOpsException(missing.Count > 0
                ? $"'{step.Urn}' references outputs that do not exist: {string.Join(", ", missing)}"
                : $"'{step.Urn}' references resources that have no outputs (not created)");
        }

        var check = await provider.CheckAsync(new CheckRequest(step.Urn, step.Type, step.Old?.Inputs, resolved), cancellationToken).ConfigureAwait(false);
        if (!check.Failures.IsDefaultOrEmpty)
        {
            throw new GitOpsException($"'{step.Urn}' has invalid inputs: {string.Join("; ", check.Failures.Select(f => $"{f.Property ?? "(resource)"}: {f.Reason}"))}");
        }

        var inputs = check.Inputs;
        if (step.Old is { } old && step.Operation == StepOperation.Update)
        {
            foreach (var path in goal.Options.IgnoreChanges)
            {
                inputs = PropertyPath.Set(inputs, path, PropertyPath.Get(old.Inputs, path));
            }
        }

        return inputs;
    }

    private IResourceProvider ProviderOf(PlannedStep step) =>
        providers.Find(step.Type.Package)
        ?? throw new GitOpsException($"no provider for package '{step.Type.Package}' (resource '{step.Urn}')");

    private static ResourceState NewState(GraphResource goal, ObjectValue inputs, string? id, ObjectValue outputs, DateTimeOffset? created, DateTimeOffset? modified) => new()
    {
        Urn = goal.Urn,
        Custom = goal.Custom,
        Type = goal.Type,
        Id = id,
        Inputs = inputs,
        Outputs = outputs,
        Parent = goal.Parent,
        Dependencies = goal.Dependencies,
        PropertyDependencies = goal.PropertyDependencies,
        Protect = goal.Options.Protect,
        RetainOnDelete = goal.Options.RetainOnDelete,
        IgnoreChanges = goal.Options.IgnoreChanges,
        ReplaceOnChanges = goal.Options.ReplaceOnChanges,
        Created = created,
        Modified = modified,
    };

    private static bool SameRecord(ResourceState a, ResourceState b) =>
        a.Inputs.Equals(b.Inputs)
        && a.Outputs.Equals(b.Outputs)
        && a.Id == b.Id
        && a.Parent == b.Parent
        && a.Protect == b.Protect
        && a.RetainOnDelete == b.RetainOnDelete
        && a.Dependencies.SequenceEqual(b.Dependencies)
        && a.IgnoreChanges.SequenceEqual(b.IgnoreChanges)
        && a.ReplaceOnChanges.SequenceEqual(b.ReplaceOnChanges);
}
