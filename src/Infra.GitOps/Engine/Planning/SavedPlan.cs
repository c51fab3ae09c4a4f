using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Infra.GitOps.Model;

namespace Infra.GitOps.Engine.Planning;

/// <summary>
/// A plan as a reviewer saw it (read back from <see cref="PlanJson"/>): what <c>up</c> is allowed to do. Anything
/// else is refused with <see cref="PlanConflictException"/> (Pulumi's update plans and <c>validateSteps</c>):
/// a step whose operation on that URN the saved plan does not show, or whose new inputs differ from the shown
/// ones where those were known (secrets compare masked; an unknown allows any value).
/// </summary>
/// <param name="Steps">The saved steps.</param>
public sealed record SavedPlan(ImmutableArray<SavedPlanStep> Steps)
{
    private ILookup<Urn, SavedPlanStep> ByUrn => byUrn ??= Steps.ToLookup(s => s.Urn);

    private ILookup<Urn, SavedPlanStep>? byUrn;

    /// <summary>Checks every step of a fresh plan against this one.</summary>
    /// <exception cref="PlanConflictException">At the first step the saved plan does not allow.</exception>
    public void Verify(Plan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        foreach (var step in plan.Steps)
        {
            if (step.Operation == StepOperation.Same)
            {
                continue;
            }

            var allowed = Find(step);
            if (step.NewInputs is { } inputs && allowed.NewInputs is { } shown
                && !PropertyValueJson.Allows(shown, PropertyValueJson.ToMaskedObject(inputs), actualUnknownAllowed: true))
            {
                throw Conflict(step, "its new inputs differ from the saved plan's");
            }
        }
    }

    /// <summary>Checks a step's resolved inputs just before the provider call.</summary>
    /// <exception cref="PlanConflictException">When the saved plan does not allow them.</exception>
    public void Validate(PlannedStep step, ObjectValue resolvedInputs)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(resolvedInputs);
        var allowed = Find(step);
        if (allowed.NewInputs is { } shown && !PropertyValueJson.Allows(shown, PropertyValueJson.ToMaskedObject(resolvedInputs), actualUnknownAllowed: false))
        {
            throw Conflict(step, "its resolved inputs differ from the saved plan's");
        }
    }

    private SavedPlanStep Find(PlannedStep step) =>
        ByUrn[step.Urn].FirstOrDefault(s => s.Operation == step.Operation)
        ?? throw Conflict(step, "the saved plan has no such step");

    private static PlanConflictException Conflict(PlannedStep step, string why) =>
        new($"refusing to {step.Operation.ToPulumiName()} '{step.Urn}': {why}; preview again and review the new plan");

    /// <summary>Equality by steps.</summary>
    public bool Equals(SavedPlan? other) => other is not null && Steps.SequenceEqual(other.Steps);

    /// <inheritdoc />
    public override int GetHashCode() => Steps.Length;
}
