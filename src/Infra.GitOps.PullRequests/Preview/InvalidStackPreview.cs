using System.Collections.Immutable;
using Infra.GitOps.Model;

namespace Infra.GitOps.PullRequests.Preview;

/// <summary>A stack whose YAML at the head commit has errors: nothing was planned; the diagnostics say why.</summary>
/// <param name="Name">The stack's name.</param>
/// <param name="Diagnostics">Every diagnostic, errors included, sorted.</param>
public sealed record InvalidStackPreview(string Name, ImmutableArray<Diagnostic> Diagnostics)
    : StackPreview(Name, Diagnostics)
{
    /// <inheritdoc />
    public override ChangeCounts Counts => ChangeCounts.None;

    /// <inheritdoc />
    public override bool IsFailure => true;
}
