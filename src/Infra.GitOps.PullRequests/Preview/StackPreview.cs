using System.Collections.Immutable;
using Infra.GitOps.Model;

namespace Infra.GitOps.PullRequests.Preview;

/// <summary>
/// The preview of one stack a pull request touches. Closed hierarchy: <see cref="PlannedStackPreview"/> (a plan
/// was made), <see cref="InvalidStackPreview"/> (the YAML at the head has errors: no plan), <see cref="FailedStackPreview"/>
/// (an operational failure such as unreadable state: no plan).
/// </summary>
/// <param name="Name">The stack's name.</param>
/// <param name="Diagnostics">The stack's diagnostics at the head commit (warnings for a planned stack), sorted.</param>
public abstract record StackPreview(string Name, ImmutableArray<Diagnostic> Diagnostics)
{
    /// <summary>The step counts (none when there is no plan).</summary>
    public abstract ChangeCounts Counts { get; }

    /// <summary>True when the stack could not be planned.</summary>
    public abstract bool IsFailure { get; }
}
