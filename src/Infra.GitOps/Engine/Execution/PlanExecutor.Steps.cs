using Infra.GitOps.Engine.Planning;
using Infra.GitOps.Graph;
using Infra.GitOps.Model;
using Infra.GitOps.Providers;
using Infra.GitOps.State;

namespace Infra.GitOps.Engine.Execution;

/// <summary>
/// One step, in two phases: <see cref="PrepareAsync"/> does everything before the provider call (resolve and check
/// inputs, records that need no provider) and <see cref="ExecuteAsync"/> makes the call and journals its outcome.
/// Between the two the scheduler records the step's begin and waits until it is durable (see
/// <see cref="ApplyRun.Begin"/>).
/// </summary>
public sealed partial class PlanExecutor
{
    private ValueTask<Prepared> PrepareAsync(ApplyRun run, PlannedStep step, CancellationToken cancellationToken) =>
        step.Operation switch
        {
            StepOperation.Replace => new(new Finished(new StepSucceeded(step, null, 0))),
            StepOperation.Same => SameAsync(run, step),
            StepOperation.Create or StepOperation.CreateReplacement => PrepareCreateAsync(run, step, cancellationToken),
            StepOperation.Update => PrepareUpdateAsync(run, step, cancellationToken),
            StepOperation.Delete or StepOperation.DeleteReplaced => PrepareDeleteAsync(run, step),
            StepOperation.Refresh or StepOperation.Read => RecordReadAsync(run, step),
            _ => ValueTask.FromException<Prepared>(new InvalidOperationException($"unknown step operation {step.Operation}")),
        };

    /// <summary>
    /// Calls the provider of a prepared step (with retries) and journals the outcome. Never throws: any failure (provider
    /// error, bug, cancellation after the grace period) becomes the step's <see cref="StepFailed"/>, so that only its
    /// dependents stop and the scheduler goes on (the per-step boundary).
    /// </summary>
    private async ValueTask<StepResult> ExecuteAsync(ApplyRun run, PreparedCall call, CancellationToken cancellationToken)
    {
        var step = call.Step;
        try
        {
            switch (step.Operation)
            {
                case StepOperation.Create or StepOperation.CreateReplacement:
                {
                    var created = await CallProviderAsync(
                        run,
                        call,
                        static (run, call, token) => call.Provider.CreateAsync(
                            new CreateRequest(call.Step.Urn, call.Step.Type, call.Inputs, run.Options.OperationTimeout), token),
                        cancellationToken).ConfigureAwait(false);
                    var state = call.Pending.Resource with { Id = created.Id, Outputs = created.Outputs };
                    await run.Succeed(call, state).ConfigureAwait(false);
                    run.Outputs[step.Urn] = ReferenceResolver.Referable(state);
                    return new StepSucceeded(step, state, call.Attempts);
                }

                case StepOperation.Update:
                {
                    var updated = await CallProviderAsync(
                        run,
                        call,
                        static (run, call, token) =>
                        {
                            var old = call.Step.Old!; // updates always have a recorded state
                            return call.Provider.UpdateAsync(
                                new UpdateRequest(
                                    call.Step.Urn,
                                    call.Step.Type,
                                    old.Id ?? string.Empty,
                                    old.Inputs,
                                    old.Outputs,
                                    call.Inputs,
                                    call.Step.Goal!.Options.IgnoreChanges,
                                    run.Options.OperationTimeout),
                                token);
                        },
                        cancellationToken).ConfigureAwait(false);
                    var old = step.Old!;
                    var state = NewState(step.Goal!, call.Inputs, old.Id, updated.Outputs, old.Created, call.Now);
                    await run.Succeed(call, state).ConfigureAwait(false);
                    run.Outputs[step.Urn] = ReferenceResolver.Referable(state);
                    return new StepSucceeded(step, state, call.Attempts);
                }

                default:
                {
                    // A delete (or the delete of a replaced copy): prepared only with a recorded id.
                    await CallProviderAsync(
                        run,
                        call,
                        static async (run, call, token) =>
                        {
                            var old = call.Step.Old!;
                            await call.Provider.DeleteAsync(
                                new DeleteRequest(call.Step.Urn, call.Step.Type, old.Id!, old.Inputs, old.Outputs, run.Options.OperationTimeout),
                                token).ConfigureAwait(false);
                            return true;
                        },
                        cancellationToken).ConfigureAwait(false);
                    await run.Succeed(call, null).ConfigureAwait(false);
                    return new StepSucceeded(step, null, call.Attempts);
                }
            }
        }
        catch (Exception ex)
        {
            return new StepFailed(step, ex, call.Attempts);
        }
    }

    private static async ValueTask<Prepared> SameAsync(ApplyRun run, PlannedStep step)
    {
        // Only a targeted-out or unchanged resource: no provider call; the state changes only when options did.
        var old = step.Old!; // a same step always has recorded state
        if (step.Goal is null)
        {
            return new Finished(new StepSucceeded(step, old, 0));
        }

        var inputs = step.NewInputs is { IsKnown: true } known ? known : old.Inputs;
        var state = NewState(step.Goal, inputs, old.Id, old.Outputs, old.Created, old.Modified);
        if (!SameRecord(old, state))
        {
            await RecordWithoutProviderAsync(run, old, state, PendingOperationType.Updating).ConfigureAwait(false);
        }

        run.Outputs[step.Urn] = ReferenceResolver.Referable(state);
        return new Finished(new StepSucceeded(step, state, 0));
    }

    private async ValueTask<Prepared> PrepareCreateAsync(ApplyRun run, PlannedStep step, CancellationToken cancellationToken)
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
            return new Finished(new StepSucceeded(step, component, 0));
        }

        var provider = ProviderOf(step);
        var inputs = await ResolveInputsAsync(run, provider, step, cancellationToken).ConfigureAwait(false);
        run.Options.Constraint?.Validate(step, inputs);
        var pending = new PendingOperation(NewState(goal, inputs, null, ObjectValue.Empty, now, now), PendingOperationType.Creating);
        return new PreparedCall(step, pending, provider, inputs, now);
    }

    private async ValueTask<Prepared> PrepareUpdateAsync(ApplyRun run, PlannedStep step, CancellationToken cancellationToken)
    {
        var goal = step.Goal!; // updates always have a goal
        var old = step.Old!; // and a recorded state
        var now = timeProvider.GetUtcNow();
        if (!goal.Custom)
        {
            var component = NewState(goal, step.NewInputs is { IsKnown: true } k ? k : old.Inputs, null, old.Outputs, old.Created, now);
            await RecordWithoutProviderAsync(run, old, component, PendingOperationType.Updating).ConfigureAwait(false);
            run.Outputs[step.Urn] = ReferenceResolver.Referable(component);
            return new Finished(new StepSucceeded(step, component, 0));
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
            return new Finished(new StepSucceeded(step, unchanged, 0));
        }

        run.Options.Constraint?.Validate(step, inputs);
        return new PreparedCall(step, new PendingOperation(old, PendingOperationType.Updating), provider, inputs, now);
    }

    private async ValueTask<Prepared> PrepareDeleteAsync(ApplyRun run, PlannedStep step)
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
            return new Finished(new StepSucceeded(step, null, 0));
        }

        return new PreparedCall(step, new PendingOperation(recorded, PendingOperationType.Deleting), ProviderOf(step), ObjectValue.Empty, timeProvider.GetUtcNow());
    }

    private static async ValueTask<Prepared> RecordReadAsync(ApplyRun run, PlannedStep step)
    {
        var old = step.Old!; // refresh steps are planned from recorded state
        await RecordWithoutProviderAsync(run, old, step.NewState, PendingOperationType.Reading).ConfigureAwait(false);
        if (step.NewState is { } state)
        {
            run.Outputs[step.Urn] = ReferenceResolver.Referable(state);
        }

        return new Finished(new StepSucceeded(step, step.NewState, 0));
    }

    // old is null only for a component create; the record then names the new resource. No provider call, so no
    // begin: nothing outside the state changes, and a crash that loses this record only makes the next plan do the
    // same again.
    private static Task RecordWithoutProviderAsync(ApplyRun run, ResourceState? old, ResourceState? newState, PendingOperationType type) =>
        run.Journal.SucceedStepAsync(new PendingOperation(old ?? newState!, type), newState, CancellationToken.None);

    private async ValueTask<T> CallProviderAsync<T>(
        ApplyRun run,
        PreparedCall call,
        Func<ApplyRun, PreparedCall, CancellationToken, Task<T>> invoke,
        CancellationToken cancellationToken)
    {
        var options = run.Options;
        var maxAttempts = Math.Max(1, options.MaxAttempts);
        while (true)
        {
            call.Attempts++;
            try
            {
                return await invoke(run, call, cancellationToken).ConfigureAwait(false);
            }
            catch (ProviderException ex) when (ex.IsTransient && call.Attempts < maxAttempts && !cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(RetryDelay(options, call.Attempts), timeProvider, cancellationToken).ConfigureAwait(false);
            }
            catch (ProviderException)
            {
                // The provider answered: nothing happened, so the pending operation is cleared. Any other
                // exception leaves it pending: the outcome is unknown and the next run settles it by reading.
                await run.Journal.FailStepAsync(call.Pending, CancellationToken.None).ConfigureAwait(false);
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
        var resolved = ReferenceResolver.Resolve(goal.Inputs, run.OutputsOf, missing);
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

    /// <summary>What preparing a step left to do: nothing (<see cref="Finished"/>) or one provider call (<see cref="PreparedCall"/>).</summary>
    private abstract class Prepared;

    /// <summary>The step needed no provider call: its result.</summary>
    private sealed class Finished(StepResult result) : Prepared
    {
        public StepResult Result { get; } = result;
    }

    /// <summary>
    /// A step prepared up to its provider call: the call is made once <see cref="Pending"/>'s begin is durable. While
    /// it waits, this object is all that the step holds (no suspended method).
    /// </summary>
    private sealed class PreparedCall(PlannedStep step, PendingOperation pending, IResourceProvider provider, ObjectValue inputs, DateTimeOffset now) : Prepared
    {
        public PlannedStep Step { get; } = step;

        public PendingOperation Pending { get; } = pending;

        public IResourceProvider Provider { get; } = provider;

        /// <summary>The resolved and checked inputs (empty for a delete).</summary>
        public ObjectValue Inputs { get; } = inputs;

        /// <summary>When the step was prepared: an update's modification time.</summary>
        public DateTimeOffset Now { get; } = now;

        /// <summary>When the step started (a timestamp of the executor's time provider).</summary>
        public long StartedAt { get; set; }

        /// <summary>Provider calls made so far (retries included).</summary>
        public int Attempts { get; set; }

        /// <summary>What the journal gave back for the step's begin, for the step's end (see <see cref="IBegunStepJournal"/>).</summary>
        public BegunResource Begun;
    }
}
