using System.Collections.Immutable;
using Infra.GitOps.Model;

namespace Infra.GitOps.PullRequests.Preview;

/// <summary>A stack that was planned: its steps in plan order.</summary>
/// <param name="Name">The stack's name.</param>
/// <param name="Diagnostics">Warnings found while loading and planning.</param>
/// <param name="Steps">Every step of the plan, unchanged ones included, in plan order.</param>
public sealed record PlannedStackPreview(string Name, ImmutableArray<Diagnostic> Diagnostics, ImmutableArray<PreviewStep> Steps)
    : StackPreview(Name, Diagnostics)
{
    /// <inheritdoc />
    public override ChangeCounts Counts => ChangeCounts.Of(Steps);

    /// <inheritdoc />
    public override bool IsFailure => false;
}
