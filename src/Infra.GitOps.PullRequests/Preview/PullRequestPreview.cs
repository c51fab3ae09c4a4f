using System.Collections.Immutable;
using Infra.GitOps.Model;

namespace Infra.GitOps.PullRequests.Preview;

/// <summary>
/// What a pull request would change: the stacks it touches, each planned at the head commit against its recorded
/// state. Holds no secret values (every value is a masked <see cref="PreviewValue"/>).
/// </summary>
/// <param name="BaseCommit">The base commit (full SHA).</param>
/// <param name="HeadCommit">The head commit (full SHA).</param>
/// <param name="StackFilter">The <c>--stack</c> filter, or null.</param>
/// <param name="Time">When the preview was made.</param>
/// <param name="ChangedPaths">The paths changed between base and head, ordinal order.</param>
/// <param name="Stacks">The affected stacks, by name.</param>
/// <param name="Diagnostics">Problems of the repository as a whole (an invalid <c>Pulumi.yaml</c>), sorted.</param>
public sealed record PullRequestPreview(
    string BaseCommit,
    string HeadCommit,
    string? StackFilter,
    DateTimeOffset Time,
    ImmutableArray<string> ChangedPaths,
    ImmutableArray<StackPreview> Stacks,
    ImmutableArray<Diagnostic> Diagnostics)
{
    /// <summary>True when a stack could not be planned or the repository has errors.</summary>
    public bool HasErrors => Stacks.Any(s => s.IsFailure) || Diagnostics.Any(d => d.Severity == Severity.Error);

    /// <summary>The counts of every planned stack added up.</summary>
    public ChangeCounts Totals => Stacks.Aggregate(ChangeCounts.None, (sum, s) => sum.Add(s.Counts));
}
