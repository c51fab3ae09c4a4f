using System.Collections.Immutable;
using Infra.GitOps.Engine.Planning;
using Infra.GitOps.Loading;
using Infra.GitOps.Model;
using Infra.GitOps.Providers;
using Infra.GitOps.PullRequests.Preview;
using EngineChange = Infra.GitOps.Engine.Planning.PropertyChange;
using EngineOperation = Infra.GitOps.Engine.Planning.StepOperation;
using PreviewOperation = Infra.GitOps.PullRequests.Preview.StepOperation;

namespace Infra.GitOps.PullRequests.Previewing;

/// <summary>
/// Turns the engine's <see cref="Plan"/> into the preview's view of it: one step per logical change (a
/// replacement's create-replacement and delete-replaced parts fold into its replace step, as the engine's
/// <see cref="ChangeSummary"/> counts them), property changes masked through <see cref="PreviewValue.Of"/>, so
/// no secret value leaves this class. For a create, the desired inputs are shown as added properties.
/// </summary>
public static class PlanPreviewMapper
{
    /// <summary>The preview of <paramref name="plan"/> for <paramref name="stack"/> (its load warnings included).</summary>
    public static PlannedStackPreview ToPreview(CompiledStack stack, Plan plan)
    {
        ArgumentNullException.ThrowIfNull(stack);
        ArgumentNullException.ThrowIfNull(plan);
        var steps = ImmutableArray.CreateBuilder<PreviewStep>(plan.Steps.Length);
        foreach (var step in plan.Steps)
        {
            if (Operation(step) is not { } operation)
            {
                continue;
            }

            steps.Add(new PreviewStep(
                operation,
                step.Urn,
                step.Goal?.Options.Protect ?? step.Old?.Protect ?? false,
                Changes(step, operation),
                step.Goal?.Dependencies ?? step.Old?.Dependencies ?? ImmutableArray<Urn>.Empty));
        }

        var diagnostics = stack.Diagnostics.Concat(plan.Diagnostics).Distinct().Order().ToImmutableArray();
        return new PlannedStackPreview(stack.Name, diagnostics, steps.ToImmutable());
    }

    private static PreviewOperation? Operation(PlannedStep step) => step.Operation switch
    {
        EngineOperation.Same => PreviewOperation.Same,
        EngineOperation.Create => PreviewOperation.Create,
        EngineOperation.Update => PreviewOperation.Update,
        EngineOperation.Replace => PreviewOperation.Replace,
        EngineOperation.Delete => PreviewOperation.Delete,
        EngineOperation.Read => PreviewOperation.Read,
        EngineOperation.Refresh => PreviewOperation.Refresh,

        // The leftover copy of an interrupted replacement is a delete of its own; the parts of a planned
        // replacement are shown by its Replace step.
        EngineOperation.DeleteReplaced when step.Goal is null => PreviewOperation.Delete,
        _ => null,
    };

    private static ImmutableArray<Preview.PropertyChange> Changes(PlannedStep step, PreviewOperation operation)
    {
        if (operation == PreviewOperation.Create && step.Diff.IsEmpty && step.NewInputs is { } inputs)
        {
            return inputs.Properties
                .Select(p => new Preview.PropertyChange(p.Key, PropertyChangeKind.Add, null, PreviewValue.Of(p.Value), false))
                .ToImmutableArray();
        }

        if (operation is PreviewOperation.Delete or PreviewOperation.Same)
        {
            return ImmutableArray<Preview.PropertyChange>.Empty;
        }

        return step.Diff
            .OrderBy(c => c.Path, StringComparer.Ordinal)
            .Select(c => Change(c, step.ReplaceReasons))
            .ToImmutableArray();
    }

    private static Preview.PropertyChange Change(EngineChange change, ImmutableArray<string> replaceReasons)
    {
        var kind = change.Kind switch
        {
            PropertyDiffKind.Add or PropertyDiffKind.AddReplace => PropertyChangeKind.Add,
            PropertyDiffKind.Delete or PropertyDiffKind.DeleteReplace => PropertyChangeKind.Delete,
            _ => PropertyChangeKind.Update,
        };
        var forces = change.Kind is PropertyDiffKind.AddReplace or PropertyDiffKind.DeleteReplace or PropertyDiffKind.UpdateReplace
            || replaceReasons.Any(r => change.Path == r || change.Path.StartsWith(r + ".", StringComparison.Ordinal) || change.Path.StartsWith(r + "[", StringComparison.Ordinal));
        return new Preview.PropertyChange(
            change.Path,
            kind,
            change.Old is null ? null : PreviewValue.Of(change.Old),
            change.New is null ? null : PreviewValue.Of(change.New),
            forces);
    }
}
