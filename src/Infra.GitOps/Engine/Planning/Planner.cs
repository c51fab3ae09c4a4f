using System.Collections.Immutable;
using Infra.GitOps.Graph;
using Infra.GitOps.Loading;
using Infra.GitOps.Model;
using Infra.GitOps.Providers;
using Infra.GitOps.State;

namespace Infra.GitOps.Engine.Planning;

/// <summary>
/// Turns a desired <see cref="ResourceGraph"/> and the recorded <see cref="StackSnapshot"/> into a
/// <see cref="Plan"/>, after Pulumi's step generator (<c>pkg/resource/deploy/step_generator.go</c>). Planning
/// calls only the read-only provider methods (Check, Diff); it never changes anything. Thread-safe: one planner
/// may plan several stacks at once.
/// </summary>
public sealed partial class Planner
{
    private readonly ProviderRegistry providers;
    private readonly TimeProvider timeProvider;

    /// <summary>Creates a planner that asks <paramref name="providers"/> (already configured) and measures time with
    /// <paramref name="timeProvider"/>.</summary>
    public Planner(ProviderRegistry providers, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(providers);
        ArgumentNullException.ThrowIfNull(timeProvider);
        this.providers = providers;
        this.timeProvider = timeProvider;
    }

    /// <summary>
    /// Plans the changes that bring <paramref name="state"/> (null for a new stack) to <paramref name="desired"/>.
    /// <para>
    /// Per desired resource (topological order): no recorded state → create; otherwise Check, ignoreChanges
    /// (recorded values kept at those paths), Diff (a structural diff when the provider answers Unknown), then
    /// replace (replace keys, <c>*_REPLACE</c> kinds, replaceOnChanges, forced, pending replacement), update, or
    /// same. A replacement is create-before-delete unless the option (which wins) or the provider asks for
    /// delete-before-replace. Recorded resources no longer desired are deleted in reverse dependency order.
    /// Components make no provider call. Inputs referencing outputs of resources that change in this plan are
    /// unknown; references to unchanged resources resolve from the state. Where the graph holds only a
    /// placeholder for a secret (<see cref="SecretValue.Placeholder"/>: built in placeholder mode), the recorded
    /// secret at that path is kept, so an unchanged stack plans no update.
    /// </para>
    /// <para>
    /// Problems are diagnostics, not exceptions: Check failures at the YAML location of the property, deleting
    /// or replacing a protected resource, a missing provider. The pending operations of
    /// <paramref name="state"/> are ignored: settle them first.
    /// </para>
    /// </summary>
    /// <exception cref="OperationCanceledException">When <paramref name="cancellationToken"/> is cancelled.</exception>
    public async Task<Plan> PlanAsync(ResourceGraph desired, StackSnapshot? state, PlanOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(desired);
        ArgumentNullException.ThrowIfNull(options);
        var started = timeProvider.GetTimestamp();
        state ??= StackSnapshot.Empty;
        var context = new PlanContext(desired, state, options);
        var diagnostics = ImmutableArray.CreateBuilder<Diagnostic>();
        CheckTargets(context, diagnostics);

        var steps = new List<PlannedStep>();
        foreach (var goal in desired.Resources)
        {
            var old = context.Live.GetValueOrDefault(goal.Urn);
            if (!context.IsTargeted(goal.Urn))
            {
                if (old is not null)
                {
                    var index = Add(steps, new PlannedStep
                    {
                        Index = 0,
                        Operation = StepOperation.Same,
                        Urn = goal.Urn,
                        Type = goal.Type,
                        Custom = goal.Custom,
                        Old = old,
                        NewInputs = old.Inputs,
                        DependsOn = context.ProducersOf(goal),
                    });
                    context.Producer[goal.Urn] = index;
                }

                continue;
            }

            await PlanResourceAsync(context, goal, old, steps, diagnostics, cancellationToken).ConfigureAwait(false);
        }

        PlanDeletes(context, steps, diagnostics);

        var frozen = steps.ToImmutableArray();
        diagnostics.Sort();
        return new Plan(
            desired.Project,
            desired.Stack,
            frozen,
            diagnostics.ToImmutable(),
            ChangeSummary.Of(frozen),
            timeProvider.GetElapsedTime(started),
            state);
    }

    private static int Add(List<PlannedStep> steps, PlannedStep step)
    {
        var index = steps.Count;
        steps.Add(step with { Index = index });
        return index;
    }

    private static void CheckTargets(PlanContext context, ImmutableArray<Diagnostic>.Builder diagnostics)
    {
        foreach (var urn in context.Options.Targets.Concat(context.Options.Replace))
        {
            if (!context.Desired.ContainsKey(urn) && !context.Live.ContainsKey(urn))
            {
                diagnostics.Add(Diagnostic.Warning(
                    DiagnosticMessages.UnknownTargetCode,
                    DiagnosticMessages.Format(DiagnosticMessages.UnknownTarget, urn),
                    context.StackLocation));
            }
        }
    }

    private async Task PlanResourceAsync(
        PlanContext context,
        GraphResource goal,
        ResourceState? old,
        List<PlannedStep> steps,
        ImmutableArray<Diagnostic>.Builder diagnostics,
        CancellationToken cancellationToken)
    {
        var inputs = ReferenceResolver.Resolve(goal.Inputs, context.PlannedOutputsOf);
        if (old is not null)
        {
            inputs = SecretPlaceholders.KeepRecorded(goal.Inputs, inputs, old.Inputs);
        }
        var template = new PlannedStep
        {
            Index = 0,
            Operation = StepOperation.Same,
            Urn = goal.Urn,
            Type = goal.Type,
            Custom = goal.Custom,
            Old = old,
            Goal = goal,
            NewInputs = inputs,
            DependsOn = context.ProducersOf(goal),
        };

        if (!goal.Custom)
        {
            // Components and the root stack: recorded in the state, never sent to a provider.
            var operation = old is null ? StepOperation.Create : old.Inputs.Equals(inputs) ? StepOperation.Same : StepOperation.Update;
            var diff = old is null ? ImmutableArray<PropertyChange>.Empty : PropertyDiffer.Diff(old.Inputs, inputs);
            var index = Add(steps, template with { Operation = operation, Diff = diff, DiffReasons = TopLevelKeys(diff) });
            context.Producer[goal.Urn] = index;
            if (operation != StepOperation.Same)
            {
                context.Changing.Add(goal.Urn);
            }

            return;
        }

        var provider = providers.Find(goal.Type.Package);
        if (provider is null)
        {
            diagnostics.Add(Diagnostic.Error(
                DiagnosticMessages.ProviderMissingCode,
                DiagnosticMessages.Format(DiagnosticMessages.ProviderMissing, goal.Type.Package, goal.Urn),
                goal.Location));
            var index = Add(steps, template with { Operation = old is null ? StepOperation.Create : StepOperation.Update });
            context.Producer[goal.Urn] = index;
            context.Changing.Add(goal.Urn);
            return;
        }

        var decision = await DecideAsync(context, provider, goal, old, inputs, diagnostics, cancellationToken).ConfigureAwait(false);
        template = template with
        {
            NewInputs = decision.Inputs,
            Diff = decision.Diff,
            DiffReasons = TopLevelKeys(decision.Diff),
            ReplaceReasons = decision.ReplaceReasons,
            ForcedReplace = decision.Forced,
        };

        switch (decision.Operation)
        {
            case StepOperation.Replace:
                {
                    // old is non-null: only an existing resource is replaced.
                    var recorded = old!;
                    if (recorded.Protect || goal.Options.Protect)
                    {
                        diagnostics.Add(Diagnostic.Error(
                            DiagnosticMessages.ProtectedReplaceCode,
                            DiagnosticMessages.Format(DiagnosticMessages.ProtectedReplace, goal.Urn, string.Join(", ", decision.ReplaceReasons)),
                            goal.Location));
                    }

                    var deleteFirst = goal.Options.DeleteBeforeReplace ?? decision.ProviderDeleteBeforeReplace;
                    template = template with { DeleteBeforeReplace = deleteFirst };
                    context.Changing.Add(goal.Urn);
                    if (deleteFirst)
                    {
                        // Delete-before-replace: the old copy goes first (after its old dependents' deletes,
                        // wired in PlanDeletes), then the logical replace, then the new copy.
                        var deleted = Add(steps, template with { Operation = StepOperation.DeleteReplaced, DependsOn = ImmutableArray<int>.Empty });
                        var replace = Add(steps, template with { Operation = StepOperation.Replace, DependsOn = [deleted] });
                        var created = Add(steps, template with { Operation = StepOperation.CreateReplacement, DependsOn = template.DependsOn.Add(replace) });
                        context.Producer[goal.Urn] = created;
                        context.DeleteStepOf[(goal.Urn, false)] = deleted;
                    }
                    else
                    {
                        var created = Add(steps, template with { Operation = StepOperation.CreateReplacement });
                        var replace = Add(steps, template with { Operation = StepOperation.Replace, DependsOn = [created] });
                        context.Producer[goal.Urn] = created;
                        context.PendingDeleteReplaced.Add((goal.Urn, replace, template));
                    }

                    return;
                }

            default:
                {
                    var index = Add(steps, template with { Operation = decision.Operation });
                    context.Producer[goal.Urn] = index;
                    if (decision.Operation != StepOperation.Same)
                    {
                        context.Changing.Add(goal.Urn);
                    }

                    return;
                }
        }
    }

    /// <summary>The top-level keys of a diff's paths, each once, in the order they first appear.</summary>
    internal static ImmutableArray<string> TopLevelKeys(ImmutableArray<PropertyChange> diff)
    {
        if (diff.Length > 16)
        {
            return diff.Select(c => PropertyPath.TopLevel(c.Path)).Distinct(StringComparer.Ordinal).ToImmutableArray();
        }

        // A few changes (every create lists its few top-level inputs): a scan beats building a set for each step.
        var keys = ImmutableArray.CreateBuilder<string>(diff.Length);
        foreach (var change in diff)
        {
            var key = PropertyPath.TopLevel(change.Path);
            if (!keys.Contains(key))
            {
                keys.Add(key);
            }
        }

        return keys.Count == keys.Capacity ? keys.MoveToImmutable() : keys.ToImmutable();
    }
}
