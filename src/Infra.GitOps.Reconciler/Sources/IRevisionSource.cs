using System.Collections.Immutable;
using Infra.GitOps.Loading;
using Infra.GitOps.Model;

namespace Infra.GitOps.Reconciler.Sources;

/// <summary>
/// The Git side of the reconciler: one remote and one tracked branch, mirrored locally. Failures to reach the
/// remote, a missing branch or revision throw <c>Infra.GitOps.Git.SourceUnavailableException</c>.
/// Safe for concurrent reads once <see cref="FetchAsync"/> has returned.
/// </summary>
public interface IRevisionSource
{
    /// <summary>The remote and branch, without credentials, for messages.</summary>
    string Description { get; }

    /// <summary>Fetches the remote and returns the tracked branch's head.</summary>
    Task<CommitSummary> FetchAsync(CancellationToken cancellationToken);

    /// <summary>Resolves a commit id, a short id or a tag to a commit of the mirror.</summary>
    Task<CommitSummary> ResolveAsync(string revision, CancellationToken cancellationToken);

    /// <summary>True when <paramref name="ancestor"/> is <paramref name="descendant"/> or one of its ancestors.</summary>
    Task<bool> IsAncestorAsync(string ancestor, string descendant, CancellationToken cancellationToken);

    /// <summary>
    /// The commits reachable from <paramref name="to"/> and not from <paramref name="from"/>, excluding
    /// <paramref name="to"/> itself, newest first, at most <paramref name="limit"/>.
    /// </summary>
    Task<ImmutableArray<CommitSummary>> CommitsBetweenAsync(string from, string to, int limit, CancellationToken cancellationToken);

    /// <summary>The repository's files at <paramref name="revision"/> (a full commit id).</summary>
    Task<ISourceTree> GetTreeAsync(string revision, CancellationToken cancellationToken);

    /// <summary>
    /// True when the change from <paramref name="from"/> to <paramref name="to"/> (full commit ids) touches a file of
    /// <paramref name="stack"/>: its stack file, the project file, or a file its <c>sources</c> match, added, changed
    /// or deleted. A source that cannot tell answers true (the default), so that the stack runs.
    /// </summary>
    Task<bool> TouchesStackAsync(string from, string to, StackDefinition stack, CancellationToken cancellationToken) =>
        Task.FromResult(true);
}
