using System.Collections.Immutable;
using Infra.GitOps.Graph;
using Infra.GitOps.Loading;
using Infra.GitOps.Model;
using Infra.GitOps.Providers;
using Infra.GitOps.State;

namespace Infra.GitOps.Engine.Planning;

/// <summary>Check and Diff of one resource: what operation it needs.</summary>
public sealed partial class Planner
{
    private static async Task<Decision> DecideAsync(
        PlanContext context,
        IResourceProvider provider,
        GraphResource goal,
        ResourceState? old,
        ObjectValue inputs,
        ImmutableArray<Diagnostic>.Builder diagnostics,
        CancellationToken cancellationToken)
    {
        var fallback = new Decision(old is null ? StepOperation.Create : StepOperation.Update, inputs, ImmutableArray<PropertyChange>.Empty, ImmutableArray<string>.Empty, false, false);
        CheckResult check;
        try
        {
            check = await provider.CheckAsync(new CheckRequest(goal.Urn, goal.Type, old?.Inputs, inputs), cancellationToken).ConfigureAwait(false);
        }
        catch (ProviderException ex)
        {
            diagnostics.Add(Diagnostic.Error(
                DiagnosticMessages.PlanProviderFailedCode,
                DiagnosticMessages.Format(DiagnosticMessages.PlanProviderFailed, goal.Urn, "check", ex.Message),
                goal.Location));
            return fallback;
        }

        foreach (var failure in check.Failures)
        {
            diagnostics.Add(Diagnostic.Error(
                DiagnosticMessages.CheckFailedCode,
                DiagnosticMessages.Format(DiagnosticMessages.CheckFailed, goal.Urn.Name, failure.Property ?? "(resource)", failure.Reason),
                failure.Property is null ? goal.Location : goal.LocationOf(failure.Property)));
        }

        var checkedInputs = check.Inputs;
        if (old is null)
        {
            return new Decision(StepOperation.Create, checkedInputs, PropertyDiffer.Diff(ObjectValue.Empty, checkedInputs), ImmutableArray<string>.Empty, false, false);
        }

        foreach (var path in goal.Options.IgnoreChanges)
        {
            // Pulumi copies the recorded value into the new inputs for each ignored path (absent stays absent).
            checkedInputs = PropertyPath.Set(checkedInputs, path, PropertyPath.Get(old.Inputs, path));
        }

        DiffResult diff;
        try
        {
            diff = await provider.DiffAsync(
                new DiffRequest(goal.Urn, goal.Type, old.Id ?? string.Empty, old.Inputs, old.Outputs, checkedInputs, goal.Options.IgnoreChanges),
                cancellationToken).ConfigureAwait(false);
        }
        catch (ProviderException ex)
        {
            diagnostics.Add(Diagnostic.Error(
                DiagnosticMessages.PlanProviderFailedCode,
                DiagnosticMessages.Format(DiagnosticMessages.PlanProviderFailed, goal.Urn, "diff", ex.Message),
                goal.Location));
            return fallback with { Inputs = checkedInputs };
        }

        var replaceKeys = diff.ReplaceKeys.IsDefault ? ImmutableArray<string>.Empty : diff.ReplaceKeys;
        var detailed = diff.DetailedDiff ?? ImmutableSortedDictionary<string, PropertyDiffKind>.Empty;
        ImmutableArray<PropertyChange> changes;
        if (diff.Changes == DiffChanges.None)
        {
            changes = ImmutableArray<PropertyChange>.Empty;
        }
        else
        {
            // Leaf-level changes from the engine's own structural diff (exact old and new values for display and
            // for replaceOnChanges), plus any path the provider reports that the inputs do not show.
            var structural = PropertyDiffer.Diff(old.Inputs, checkedInputs);
            var extra = diff.Changes == DiffChanges.Some
                ? detailed.Where(d => !structural.Any(c => PropertyPath.IsUnder(c.Path, d.Key) || PropertyPath.IsUnder(d.Key, c.Path)))
                    .Select(d => new PropertyChange(d.Key, d.Value, PropertyPath.Get(old.Inputs, d.Key), PropertyPath.Get(checkedInputs, d.Key)))
                : [];
            changes = structural.AddRange(extra);
            if (diff.Changes == DiffChanges.Some && changes.IsEmpty)
            {
                // The provider sees a change the inputs do not show (an output drifted): name its replace keys.
                changes = replaceKeys.Select(k => new PropertyChange(k, PropertyDiffKind.UpdateReplace, PropertyPath.Get(old.Inputs, k), PropertyPath.Get(checkedInputs, k))).ToImmutableArray();
            }
        }

        var replaceOnChanges = goal.Options.ReplaceOnChanges;
        var reasons = new SortedSet<string>(replaceKeys, StringComparer.Ordinal);
        var marked = ImmutableArray.CreateBuilder<PropertyChange>(changes.Length);
        foreach (var change in changes)
        {
            var forces = IsReplaceKind(change.Kind)
                || replaceKeys.Any(k => PropertyPath.IsUnder(change.Path, k))
                || detailed.Any(d => IsReplaceKind(d.Value) && PropertyPath.IsUnder(change.Path, d.Key))
                || replaceOnChanges.Any(p => PropertyPath.IsUnder(change.Path, p)
                    || (PropertyPath.IsUnder(p, change.Path) && (change.Old is ObjectValue or ArrayValue || change.New is ObjectValue or ArrayValue)));
            if (forces)
            {
                reasons.Add(PropertyPath.TopLevel(change.Path));
            }

            marked.Add(forces ? change with { Kind = AsReplace(change.Kind) } : change);
        }

        var forced = context.ForcedReplace.Contains(goal.Urn);
        var changed = diff.Changes == DiffChanges.Some || marked.Count > 0;
        var operation = reasons.Count > 0 || forced || old.PendingReplacement ? StepOperation.Replace
            : changed ? StepOperation.Update
            : StepOperation.Same;
        return new Decision(operation, checkedInputs, marked.ToImmutable(), reasons.ToImmutableArray(), forced, diff.DeleteBeforeReplace);
    }

    private static bool IsReplaceKind(PropertyDiffKind kind) =>
        kind is PropertyDiffKind.AddReplace or PropertyDiffKind.DeleteReplace or PropertyDiffKind.UpdateReplace;

    private static PropertyDiffKind AsReplace(PropertyDiffKind kind) => kind switch
    {
        PropertyDiffKind.Add => PropertyDiffKind.AddReplace,
        PropertyDiffKind.Delete => PropertyDiffKind.DeleteReplace,
        PropertyDiffKind.Update => PropertyDiffKind.UpdateReplace,
        _ => kind,
    };

    private sealed record Decision(
        StepOperation Operation,
        ObjectValue Inputs,
        ImmutableArray<PropertyChange> Diff,
        ImmutableArray<string> ReplaceReasons,
        bool Forced,
        bool ProviderDeleteBeforeReplace);
}
