using System.Security.Cryptography;
using System.Text;
using LibGit2Sharp;
using LibGit2Sharp.Handlers;
using Microsoft.Extensions.Logging;

namespace Infra.GitOps.Git;

/// <summary>
/// A bare clone of one remote, kept in a cache folder and updated on demand: the reconciler fetches its branch
/// before each pass, PR previews fetch the PR branch, and both read trees through <see cref="OpenRepository"/>.
/// </summary>
/// <remarks>
/// <para>
/// The clone is created once (the first fetch initializes an empty bare repository, later runs reuse it) and only
/// ever fetched into: branches land in <c>refs/remotes/origin/&lt;branch&gt;</c>, tags in <c>refs/tags</c>.
/// Fetches are forced (<c>+</c> refspecs) so a force-pushed branch is followed; callers detect the rewrite with
/// <see cref="GitRepository.IsAncestorAsync"/>.
/// </para>
/// <para>
/// Thread-safe: fetches are serialized; each <see cref="OpenRepository"/> returns an independent handle that
/// sees objects fetched later. LibGit2Sharp blocks, so fetches run on the thread pool; cancelling the token
/// aborts a transfer in progress.
/// </para>
/// </remarks>
public sealed class GitRemoteMirror : IDisposable
{
    private const string RemoteName = "origin";

    private readonly GitRemoteMirrorOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<GitRemoteMirror> _logger;
    private readonly SemaphoreSlim _fetchGate = new(1, 1);
    private readonly Lock _createGate = new();
    private Repository? _repository;
    private volatile bool _disposed;

    /// <summary>Creates the mirror; touches nothing on disk or on the network until the first fetch.</summary>
    /// <exception cref="ArgumentException">The remote URL carries a password or token.</exception>
    public GitRemoteMirror(GitRemoteMirrorOptions options, TimeProvider timeProvider, ILogger<GitRemoteMirror> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentException.ThrowIfNullOrEmpty(options.RemoteUrl);
        ArgumentException.ThrowIfNullOrEmpty(options.CacheDirectory);
        if (Uri.TryCreate(options.RemoteUrl, UriKind.Absolute, out Uri? uri) && uri.UserInfo.Contains(':', StringComparison.Ordinal))
        {
            throw new ArgumentException(
                "The remote URL must not carry a password or token: set GitRemoteMirrorOptions.TokenEnvironmentVariable.",
                nameof(options));
        }

        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
        LocalPath = System.IO.Path.Combine(
            System.IO.Path.GetFullPath(options.CacheDirectory),
            "mirror-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(options.RemoteUrl)))[..16] + ".git");
    }

    /// <summary>The remote URL, as configured (it holds no credentials).</summary>
    public string RemoteUrl => _options.RemoteUrl;

    /// <summary>The bare repository of the mirror: <c>&lt;CacheDirectory&gt;/mirror-&lt;hash of the URL&gt;.git</c>.</summary>
    public string LocalPath { get; }

    /// <summary>The reference a fetched branch is stored in: <c>refs/remotes/origin/&lt;branch&gt;</c>.</summary>
    public static string TrackingReference(string branch) => $"refs/remotes/{RemoteName}/{branch}";

    /// <summary>
    /// Fetches <paramref name="branch"/> from the remote (creating the mirror on first use) and returns the sha
    /// its head now points to. A branch deleted on the remote is removed from the mirror too.
    /// </summary>
    /// <param name="branch">A branch name as on the remote, without <c>refs/heads/</c>.</param>
    /// <param name="cancellationToken">Aborts the transfer.</param>
    /// <exception cref="ArgumentException">The branch name is not a valid Git reference name.</exception>
    /// <exception cref="SourceUnavailableException">
    /// <see cref="SourceUnavailableReason.RemoteUnreachable"/> when the remote cannot be reached or refuses us;
    /// <see cref="SourceUnavailableReason.BranchNotFound"/> when it has no such branch.
    /// </exception>
    /// <exception cref="GitOpsException">The token's environment variable is not set.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public async Task<string> FetchAsync(string branch, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(branch);
        if (!Reference.IsValidName("refs/heads/" + branch))
        {
            throw new ArgumentException($"'{branch}' is not a valid branch name.", nameof(branch));
        }

        return await RunExclusiveAsync(() => FetchBranch(branch, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Makes a pinned revision (a tag, a sha, or any revision of the mirror) available and resolves it to its
    /// commit. A full sha already in the mirror is answered without the network; otherwise every branch and tag is
    /// fetched first (tags are forced, so a moved tag is followed).
    /// </summary>
    /// <exception cref="SourceUnavailableException">
    /// <see cref="SourceUnavailableReason.RemoteUnreachable"/> when the remote cannot be reached;
    /// <see cref="SourceUnavailableReason.RevisionNotFound"/> when the revision names no commit after the fetch.
    /// </exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public async Task<CommitMetadata> FetchRevisionAsync(string revision, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(revision);
        return await RunExclusiveAsync(() => FetchRevision(revision, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Opens an independent read handle on the mirror (creating the mirror, empty, if no fetch ran yet). The caller
    /// disposes it. It sees commits fetched after it was opened.
    /// </summary>
    public GitRepository OpenRepository()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        CreateIfMissing();
        return GitRepository.Open(LocalPath);
    }

    /// <summary>
    /// Releases the mirror's own handle, after the fetch in progress (if any) ends; the cache folder stays for the
    /// next run. Handles from <see cref="OpenRepository"/> stay open. Safe to call twice.
    /// </summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _fetchGate.Wait();
        try
        {
            _repository?.Dispose();
            _repository = null;
        }
        finally
        {
            _fetchGate.Release();
        }
    }

    private async Task<T> RunExclusiveAsync<T>(Func<T> fetch, CancellationToken cancellationToken)
    {
        await _fetchGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await Task.Run(fetch, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _fetchGate.Release();
        }
    }

    private string FetchBranch(string branch, CancellationToken cancellationToken)
    {
        long started = _timeProvider.GetTimestamp();
        Repository repository = EnsureRepository();
        string tracking = TrackingReference(branch);

        // Prune removes the tracking reference when the remote no longer advertises the branch; an explicit refspec
        // fetches nothing else.
        Fetch(repository, [$"+refs/heads/{branch}:{tracking}"], prune: true, $"branch '{branch}'", cancellationToken);

        if (repository.Refs[tracking]?.ResolveToDirectReference() is not { } head)
        {
            Log.FetchFailed(_logger, branch, RemoteUrl, SourceUnavailableReason.BranchNotFound);
            throw new SourceUnavailableException(
                SourceUnavailableReason.BranchNotFound,
                $"Branch '{branch}' does not exist on remote '{RemoteUrl}' (deleted or never pushed).");
        }

        string sha = head.TargetIdentifier;
        Log.BranchFetched(_logger, branch, RemoteUrl, sha, (long)_timeProvider.GetElapsedTime(started).TotalMilliseconds);
        return sha;
    }

    private CommitMetadata FetchRevision(string revision, CancellationToken cancellationToken)
    {
        long started = _timeProvider.GetTimestamp();
        Repository repository = EnsureRepository();
        if (IsFullSha(revision) && GitRepository.FindCommit(repository, revision) is { } known)
        {
            return GitRepository.ToMetadata(known);
        }

        Fetch(
            repository,
            [$"+refs/heads/*:refs/remotes/{RemoteName}/*", "+refs/tags/*:refs/tags/*"],
            prune: false,
            $"revision '{revision}'",
            cancellationToken);
        Log.RevisionFetched(_logger, RemoteUrl, revision, (long)_timeProvider.GetElapsedTime(started).TotalMilliseconds);

        if (GitRepository.FindCommit(repository, revision) is not { } commit)
        {
            Log.FetchFailed(_logger, revision, RemoteUrl, SourceUnavailableReason.RevisionNotFound);
            throw new SourceUnavailableException(
                SourceUnavailableReason.RevisionNotFound,
                $"Revision '{revision}' names no commit of remote '{RemoteUrl}' (its branches and tags were fetched).");
        }

        return GitRepository.ToMetadata(commit);
    }

    private void Fetch(
        Repository repository,
        string[] refspecs,
        bool prune,
        string target,
        CancellationToken cancellationToken)
    {
        var options = new FetchOptions
        {
            Prune = prune,
            TagFetchMode = TagFetchMode.None,
            CredentialsProvider = CreateCredentialsProvider(),

            // libgit2 offers no cancellation: returning false from a progress callback aborts the transfer.
            OnTransferProgress = _ => !cancellationToken.IsCancellationRequested,
            OnProgress = _ => !cancellationToken.IsCancellationRequested,
        };

        try
        {
            Commands.Fetch(repository, RemoteName, refspecs, options, logMessage: null);
        }
        catch (LibGit2SharpException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
        catch (LibGit2SharpException exception)
        {
            Log.FetchFailed(_logger, target, RemoteUrl, SourceUnavailableReason.RemoteUnreachable);
            throw new SourceUnavailableException(
                SourceUnavailableReason.RemoteUnreachable,
                $"Cannot fetch {target} from remote '{RemoteUrl}': {exception.Message}",
                exception);
        }

        cancellationToken.ThrowIfCancellationRequested();
    }

    private CredentialsHandler? CreateCredentialsProvider()
    {
        if (_options.TokenEnvironmentVariable is not { } variable)
        {
            return null;
        }

        string token = Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
            ? value
            : throw new GitOpsException($"The environment variable '{variable}' holding the token for '{RemoteUrl}' is not set.");
        int attempts = 0;
        return (_, _, _) =>
        {
            // libgit2 asks again after a rejected credential, forever: refuse the second time so the fetch fails.
            if (Interlocked.Increment(ref attempts) > 1)
            {
                throw new LibGit2SharpException($"The token in '{variable}' was rejected by the remote.");
            }

            return new UsernamePasswordCredentials { Username = _options.UserName, Password = token };
        };
    }

    private Repository EnsureRepository()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_repository is null)
        {
            CreateIfMissing();
            _repository = new Repository(LocalPath);
        }

        return _repository;
    }

    private void CreateIfMissing()
    {
        lock (_createGate)
        {
            if (!Repository.IsValid(LocalPath))
            {
                Create();
            }
        }
    }

    private void Create()
    {
        Log.CreatingMirror(_logger, RemoteUrl, LocalPath);
        string parent = System.IO.Path.GetDirectoryName(LocalPath)!; // LocalPath is a full path inside the cache folder.
        Directory.CreateDirectory(parent);

        // Build it beside its final place and move it in: a crash never leaves a half-made mirror behind.
        string staging = System.IO.Path.Combine(parent, $".staging-{Guid.NewGuid():N}");
        Repository.Init(staging, isBare: true);
        using (var repository = new Repository(staging))
        {
            repository.Network.Remotes.Add(RemoteName, _options.RemoteUrl);
        }

        if (Directory.Exists(LocalPath))
        {
            // Not a valid repository (an interrupted older layout): replace it.
            Directory.Delete(LocalPath, recursive: true);
        }

        try
        {
            Directory.Move(staging, LocalPath);
        }
        catch (IOException) when (Repository.IsValid(LocalPath))
        {
            // Another process created it meanwhile: use theirs.
            Directory.Delete(staging, recursive: true);
        }
    }

    private static bool IsFullSha(string revision) =>
        revision.Length == 40 && revision.All(char.IsAsciiHexDigit);
}
