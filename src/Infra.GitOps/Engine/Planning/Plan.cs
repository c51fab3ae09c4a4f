using System.Collections.Immutable;
using Infra.GitOps.Model;
using Infra.GitOps.State;

namespace Infra.GitOps.Engine.Planning;

/// <summary>
/// The outcome of planning: every step, the diagnostics, and the change summary. Immutable; a
/// <see cref="Execution.PlanExecutor"/> applies it against <see cref="Base"/>, the snapshot it was planned from.
/// A plan with an error diagnostic is never applied. <see cref="ToString"/> and <see cref="PlanJson"/> never
/// show a secret.
/// </summary>
/// <param name="Project">The project.</param>
/// <param name="Stack">The stack.</param>
/// <param name="Steps">The steps: the desired resources' steps in topological order, then the deletes in
/// reverse topological order. <see cref="PlannedStep.Index"/> is the position here.</param>
/// <param name="Diagnostics">Problems found (provider Check failures at their YAML location, protect violations), sorted.</param>
/// <param name="ChangeSummary">Logical step counts.</param>
/// <param name="Duration">How long planning took.</param>
/// <param name="Base">The snapshot the plan starts from.</param>
public sealed record Plan(
    string Project,
    string Stack,
    ImmutableArray<PlannedStep> Steps,
    ImmutableArray<Diagnostic> Diagnostics,
    ChangeSummary ChangeSummary,
    TimeSpan Duration,
    StackSnapshot Base)
{
    /// <summary>True when a diagnostic is an error: the plan must not be applied.</summary>
    public bool HasErrors => Diagnostics.Any(d => d.Severity == Severity.Error);

    /// <summary>One line per step that changes something, then the summary; secrets masked.</summary>
    public override string ToString()
    {
        var builder = new System.Text.StringBuilder();
        foreach (var step in Steps.Where(s => s.Operation != StepOperation.Same))
        {
            builder.Append(step).AppendLine();
            foreach (var change in step.Diff)
            {
                builder.Append("    ").Append(change).AppendLine();
            }
        }

        foreach (var diagnostic in Diagnostics)
        {
            builder.Append(diagnostic).AppendLine();
        }

        return builder.Append(ChangeSummary).ToString();
    }
}
