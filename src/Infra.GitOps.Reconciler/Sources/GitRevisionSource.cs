using System.Collections.Immutable;
using Infra.GitOps.Git;
using Infra.GitOps.Loading;
using Infra.GitOps.Model;

namespace Infra.GitOps.Reconciler.Sources;

/// <summary>
/// <see cref="IRevisionSource"/> over a <see cref="GitRemoteMirror"/> and one tracked branch. Failures to reach the
/// remote or find the branch or a revision throw <see cref="SourceUnavailableException"/>. Thread-safe; dispose it
/// after the reconciler (source trees handed out stop working).
/// </summary>
public sealed class GitRevisionSource : IRevisionSource, IDisposable
{
    private readonly GitRemoteMirror mirror;
    private readonly string branch;
    private readonly Lazy<GitRepository> repository;

    /// <summary>Creates the source; nothing is fetched until <see cref="FetchAsync"/>.</summary>
    public GitRevisionSource(GitRemoteMirror mirror, string branch)
    {
        ArgumentNullException.ThrowIfNull(mirror);
        ArgumentException.ThrowIfNullOrEmpty(branch);
        this.mirror = mirror;
        this.branch = branch;
        repository = new Lazy<GitRepository>(mirror.OpenRepository, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <inheritdoc />
    public string Description => $"{mirror.RemoteUrl}@{branch}";

    /// <inheritdoc />
    public async Task<CommitSummary> FetchAsync(CancellationToken cancellationToken)
    {
        var head = await mirror.FetchAsync(branch, cancellationToken).ConfigureAwait(false);
        return Summary(await repository.Value.ResolveCommitAsync(head, cancellationToken).ConfigureAwait(false));
    }

    /// <inheritdoc />
    public async Task<CommitSummary> ResolveAsync(string revision, CancellationToken cancellationToken) =>
        Summary(await mirror.FetchRevisionAsync(revision, cancellationToken).ConfigureAwait(false));

    /// <inheritdoc />
    public Task<bool> IsAncestorAsync(string ancestor, string descendant, CancellationToken cancellationToken) =>
        repository.Value.IsAncestorAsync(ancestor, descendant, cancellationToken);

    /// <inheritdoc />
    public Task<ImmutableArray<CommitSummary>> CommitsBetweenAsync(string from, string to, int limit, CancellationToken cancellationToken) =>
        Task.Run(
            () =>
            {
                // A handle of our own: LibGit2Sharp handles are not meant to be shared across threads.
                using var git = new LibGit2Sharp.Repository(mirror.LocalPath);
                var filter = new LibGit2Sharp.CommitFilter
                {
                    IncludeReachableFrom = to,
                    ExcludeReachableFrom = from,
                    SortBy = LibGit2Sharp.CommitSortStrategies.Topological | LibGit2Sharp.CommitSortStrategies.Time,
                };
                return git.Commits.QueryBy(filter)
                    .Where(c => c.Sha != to)
                    .Take(limit)
                    .Select(c => new CommitSummary(c.Sha, $"{c.Author.Name} <{c.Author.Email}>", c.MessageShort))
                    .ToImmutableArray();
            },
            cancellationToken);

    /// <inheritdoc />
    public async Task<ISourceTree> GetTreeAsync(string revision, CancellationToken cancellationToken) =>
        await repository.Value.GetSourceTreeAsync(revision, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    /// <remarks>Walks the two trees side by side and skips what did not change (<see cref="AffectedStacks"/>).</remarks>
    public async Task<bool> TouchesStackAsync(string from, string to, StackDefinition stack, CancellationToken cancellationToken)
    {
        var affected = await AffectedStacks.FindAsync(repository.Value, from, to, [StackPathMatcher.Create(stack)], cancellationToken).ConfigureAwait(false);
        return !affected.IsEmpty;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (repository.IsValueCreated)
        {
            repository.Value.Dispose();
        }
    }

    private static CommitSummary Summary(CommitMetadata commit) =>
        new(commit.Sha, $"{commit.AuthorName} <{commit.AuthorEmail}>", commit.Subject);
}
