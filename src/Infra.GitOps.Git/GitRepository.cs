using System.Collections.Immutable;
using LibGit2Sharp;

namespace Infra.GitOps.Git;

/// <summary>
/// A local Git repository (with a working directory or bare) read through its object database: revisions,
/// source trees at a commit, changed paths between commits and ancestry. Never checks anything out, never
/// writes to the repository.
/// </summary>
/// <remarks>
/// Thread-safe: LibGit2Sharp's <see cref="Repository"/> is not, so every read of this instance and of the
/// <see cref="GitCommitSourceTree"/>s it hands out is serialized on one lock. Reads are blocking libgit2 calls and
/// run on the thread pool. Source trees stay readable until this instance is disposed, after which they throw
/// <see cref="ObjectDisposedException"/>.
/// </remarks>
public sealed class GitRepository : IDisposable
{
    // Tree diffs only: rename detection would read blob contents, and the callers want both paths anyway.
    private static readonly CompareOptions TreeDiffOptions = new()
    {
        Similarity = SimilarityOptions.None,
        IncludeUnmodified = false,
        ContextLines = 0,
    };

    private readonly Repository _repository;
    private readonly Lock _gate = new();
    private bool _disposed;

    private GitRepository(Repository repository, string path)
    {
        _repository = repository;
        Path = path;
    }

    /// <summary>The path the repository was opened from (working directory or Git directory).</summary>
    public string Path { get; }

    /// <summary>True when the repository has no working directory.</summary>
    public bool IsBare => Read(static repository => repository.Info.IsBare);

    /// <summary>
    /// Opens the repository at <paramref name="path"/>: a working directory (its <c>.git</c> is found), a
    /// <c>.git</c> directory or a bare repository. Parent directories are not searched.
    /// </summary>
    /// <exception cref="GitOpsException">No Git repository is at <paramref name="path"/>.</exception>
    public static GitRepository Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        try
        {
            return new GitRepository(new Repository(path), path);
        }
        catch (RepositoryNotFoundException exception)
        {
            throw new GitOpsException($"'{path}' is not a Git repository.", exception);
        }
    }

    /// <summary>
    /// Resolves a revision (branch, remote-tracking branch, tag, full or abbreviated sha, <c>HEAD~2</c>, any
    /// git revision syntax naming one commit) to its commit. Annotated tags are peeled to their commit.
    /// </summary>
    /// <exception cref="GitOpsException">The revision names no commit of this repository (the message names it).</exception>
    public Task<CommitMetadata> ResolveCommitAsync(string revision, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(revision);
        return ReadAsync(repository => ToMetadata(RequireCommit(repository, revision)), cancellationToken);
    }

    /// <summary>As <see cref="ResolveCommitAsync"/>, but returns null when the revision names no commit.</summary>
    /// <exception cref="GitOpsException">The revision is ambiguous (an abbreviated sha matching several objects).</exception>
    public Task<CommitMetadata?> FindCommitAsync(string revision, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(revision);
        return ReadAsync(
            repository => FindCommit(repository, revision) is { } commit ? ToMetadata(commit) : null,
            cancellationToken);
    }

    /// <summary>
    /// The files of the commit <paramref name="revision"/> resolves to, read from the object database. The tree is
    /// valid while this repository is open and is safe to read from several threads.
    /// </summary>
    /// <exception cref="GitOpsException">The revision names no commit of this repository.</exception>
    public Task<GitCommitSourceTree> GetSourceTreeAsync(string revision, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(revision);
        return ReadAsync(
            repository =>
            {
                Commit commit = RequireCommit(repository, revision);
                return new GitCommitSourceTree(this, commit.Sha, commit.Tree.Id);
            },
            cancellationToken);
    }

    /// <summary>
    /// The paths of the files (and symbolic links) that differ between the trees of two commits: added, modified,
    /// deleted, type-changed, and for a rename both the old and the new path. Compares tree and blob ids only
    /// (no content diff, no rename detection). Submodule entries are left out. Ordered ordinal, distinct.
    /// </summary>
    /// <exception cref="GitOpsException">A revision names no commit of this repository.</exception>
    public Task<ImmutableArray<string>> ChangedPathsAsync(
        string fromRevision,
        string toRevision,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(fromRevision);
        ArgumentException.ThrowIfNullOrEmpty(toRevision);
        return ReadAsync(
            repository =>
            {
                Commit from = RequireCommit(repository, fromRevision);
                Commit to = RequireCommit(repository, toRevision);
                if (from.Tree.Id == to.Tree.Id)
                {
                    return ImmutableArray<string>.Empty;
                }

                var paths = new HashSet<string>(StringComparer.Ordinal);
                using (TreeChanges changes = repository.Diff.Compare<TreeChanges>(from.Tree, to.Tree, TreeDiffOptions))
                {
                    foreach (TreeEntryChanges change in changes)
                    {
                        // Mode says what the new side is, OldMode the old side; Nonexistent marks the absent side
                        // of an addition or deletion.
                        if (IsFileMode(change.Mode))
                        {
                            paths.Add(change.Path);
                        }

                        if (IsFileMode(change.OldMode))
                        {
                            paths.Add(change.OldPath);
                        }
                    }
                }

                return paths.Order(StringComparer.Ordinal).ToImmutableArray();
            },
            cancellationToken);
    }

    /// <summary>
    /// True when <paramref name="ancestor"/> is <paramref name="descendant"/> or one of its ancestors: a branch that
    /// moved from <paramref name="ancestor"/> to <paramref name="descendant"/> was fast-forwarded; false means its
    /// history was rewritten (force-push).
    /// </summary>
    /// <exception cref="GitOpsException">A revision names no commit of this repository.</exception>
    public Task<bool> IsAncestorAsync(string ancestor, string descendant, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(ancestor);
        ArgumentException.ThrowIfNullOrEmpty(descendant);
        return ReadAsync(
            repository =>
            {
                Commit older = RequireCommit(repository, ancestor);
                Commit newer = RequireCommit(repository, descendant);
                if (older.Id == newer.Id)
                {
                    return true;
                }

                // When older is reachable from newer it is their only best common ancestor.
                Commit? mergeBase = repository.ObjectDatabase.FindMergeBase(older, newer);
                return mergeBase is not null && mergeBase.Id == older.Id;
            },
            cancellationToken);
    }

    /// <summary>Closes the repository. Source trees handed out stop working. Safe to call twice.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _repository.Dispose();
        }
    }

    /// <inheritdoc />
    public override string ToString() => Path;

    /// <summary>Runs a read of the LibGit2Sharp repository under the lock, on the calling thread.</summary>
    internal T Read<T>(Func<Repository, T> read)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return read(_repository);
        }
    }

    /// <summary>Runs a read of the LibGit2Sharp repository under the lock, on the thread pool.</summary>
    internal Task<T> ReadAsync<T>(Func<Repository, T> read, CancellationToken cancellationToken) =>
        Task.Run(() => Read(read), cancellationToken);

    internal static CommitMetadata ToMetadata(Commit commit)
    {
        string message = commit.Message ?? string.Empty;
        int endOfLine = message.IndexOfAny(['\r', '\n']);
        string subject = endOfLine < 0 ? message : message[..endOfLine];
        return new CommitMetadata(commit.Sha, commit.Author.Name, commit.Author.Email, subject, commit.Author.When);
    }

    internal static Commit? FindCommit(Repository repository, string revision)
    {
        try
        {
            // ^{commit} peels annotated tags and refuses trees and blobs.
            return repository.Lookup(revision + "^{commit}") as Commit;
        }
        catch (AmbiguousSpecificationException exception)
        {
            throw new GitOpsException(
                $"Revision '{revision}' is ambiguous in {repository.Info.Path}: give more of the sha.",
                exception);
        }
        catch (NotFoundException)
        {
            return null;
        }
        catch (InvalidSpecificationException)
        {
            return null;
        }
        catch (LibGit2SharpException exception) when (exception.GetType() == typeof(LibGit2SharpException))
        {
            // libgit2 reports "cannot peel" and malformed revision syntax with the base type.
            return null;
        }
    }

    private Commit RequireCommit(Repository repository, string revision) =>
        FindCommit(repository, revision)
        ?? throw new GitOpsException($"Revision '{revision}' does not name a commit in repository '{Path}'.");

    private static bool IsFileMode(Mode mode) =>
        mode is Mode.NonExecutableFile or Mode.ExecutableFile or Mode.NonExecutableGroupWritableFile or Mode.SymbolicLink;
}
