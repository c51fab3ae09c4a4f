using System.Collections.Immutable;
using Infra.GitOps.Graph;
using Infra.GitOps.Model;

namespace Infra.GitOps.Loading;

/// <summary>
/// One stack of a repository, loaded and translated: its graph when valid, and every diagnostic of its own
/// documents. A stack with errors has a null <see cref="Graph"/>; other stacks of the same repository are not
/// affected by its errors.
/// </summary>
/// <param name="Name">The stack's name.</param>
/// <param name="Stack">The loaded stack, or null when its stack file itself was unreadable.</param>
/// <param name="Graph">The resource graph, or null when there are errors.</param>
/// <param name="Diagnostics">The stack's diagnostics, sorted.</param>
public sealed record CompiledStack(string Name, LoadedStack? Stack, ResourceGraph? Graph, ImmutableArray<Diagnostic> Diagnostics)
{
    /// <summary>True when any diagnostic is an error (then <see cref="Graph"/> is null).</summary>
    public bool HasErrors => Diagnostics.Any(d => d.Severity == Severity.Error);
}
