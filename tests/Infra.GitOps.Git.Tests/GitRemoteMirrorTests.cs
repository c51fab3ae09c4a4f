using Microsoft.Extensions.Logging.Abstractions;

namespace Infra.GitOps.Git.Tests;

[Category("Integration")]
[CancelAfter(60_000)]
public class GitRemoteMirrorTests
{
    private ScratchRepository _remote = null!; // set in SetUp, before every test.
    private ScratchRepository _work = null!; // set in SetUp, before every test.
    private string _cache = null!; // set in SetUp, before every test.

    [SetUp]
    public void SetUp()
    {
        _remote = ScratchRepository.CreateBare();
        _work = _remote.CloneWorking();
        _cache = Path.Combine(Path.GetTempPath(), "infra-gitops-git-tests", Guid.NewGuid().ToString("N"));
    }

    [TearDown]
    public void TearDown()
    {
        _work.Dispose();
        _remote.Dispose();
        if (Directory.Exists(_cache))
        {
            Directory.Delete(_cache, recursive: true);
        }
    }

    [Test]
    public async Task FetchAsync_NewCommitsOnRemote_ReturnsEachNewHead(CancellationToken cancellationToken)
    {
        string first = PushCommit("a.yaml", "a: 1\n");
        using GitRemoteMirror mirror = CreateMirror(_remote.Path);

        string fetchedFirst = await mirror.FetchAsync("main", cancellationToken);
        string second = PushCommit("a.yaml", "a: 2\n");
        string fetchedSecond = await mirror.FetchAsync("main", cancellationToken);

        using GitRepository repository = mirror.OpenRepository();
        GitCommitSourceTree tree = await repository.GetSourceTreeAsync(fetchedSecond, cancellationToken);
        await Assert.MultipleAsync(async () =>
        {
            Assert.That(fetchedFirst, Is.EqualTo(first));
            Assert.That(fetchedSecond, Is.EqualTo(second));
            Assert.That(await tree.ReadAllBytesAsync("a.yaml", cancellationToken), Is.EqualTo("a: 2\n"u8.ToArray()));
            Assert.That(await repository.IsAncestorAsync(first, second, cancellationToken), Is.True);
            Assert.That(repository.IsBare, Is.True);
        });
    }

    [Test]
    public async Task FetchAsync_FileUrl_FetchesLikeAPath(CancellationToken cancellationToken)
    {
        string head = PushCommit("a.yaml", "a\n");
        using GitRemoteMirror mirror = CreateMirror(_remote.FileUrl);

        Assert.That(await mirror.FetchAsync("main", cancellationToken), Is.EqualTo(head));
    }

    [Test]
    public async Task FetchAsync_SecondMirrorOnSameCache_ReusesTheCloneAndSeesNewCommits(CancellationToken cancellationToken)
    {
        PushCommit("a.yaml", "a\n");
        string localPath;
        using (GitRemoteMirror first = CreateMirror(_remote.Path))
        {
            await first.FetchAsync("main", cancellationToken);
            localPath = first.LocalPath;
        }

        string marker = Path.Combine(localPath, "reused-marker");
        await File.WriteAllTextAsync(marker, "still here", cancellationToken);
        string head = PushCommit("b.yaml", "b\n");
        using GitRemoteMirror second = CreateMirror(_remote.Path);

        string fetched = await second.FetchAsync("main", cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(second.LocalPath, Is.EqualTo(localPath));
            Assert.That(File.Exists(marker), Is.True, "the cached clone was reused, not recreated");
            Assert.That(fetched, Is.EqualTo(head));
            Assert.That(Directory.GetDirectories(_cache), Has.Length.EqualTo(1));
        });
    }

    [Test]
    public async Task FetchAsync_ForcePushedBranch_FollowsItAndOldHeadIsNoAncestor(CancellationToken cancellationToken)
    {
        string baseSha = PushCommit("a.yaml", "a: 1\n");
        string oldHead = PushCommit("a.yaml", "a: 2\n");
        using GitRemoteMirror mirror = CreateMirror(_remote.Path);
        Assert.That(await mirror.FetchAsync("main", cancellationToken), Is.EqualTo(oldHead));

        _work.Git("reset", "--quiet", "--hard", baseSha);
        _work.Write("a.yaml", "a: rewritten\n");
        string newHead = _work.Commit("rewritten history");
        _work.Git("push", "--quiet", "--force", "origin", "main");

        string fetched = await mirror.FetchAsync("main", cancellationToken);

        using GitRepository repository = mirror.OpenRepository();
        await Assert.MultipleAsync(async () =>
        {
            Assert.That(fetched, Is.EqualTo(newHead));
            Assert.That(await repository.IsAncestorAsync(oldHead, fetched, cancellationToken), Is.False);
            Assert.That(await repository.IsAncestorAsync(baseSha, fetched, cancellationToken), Is.True);
            Assert.That(await repository.ChangedPathsAsync(oldHead, fetched, cancellationToken), Is.EqualTo(new[] { "a.yaml" }));
        });
    }

    [Test]
    public async Task FetchAsync_BranchDeletedOnRemote_ThrowsBranchNotFoundAndDropsTheTrackingRef(CancellationToken cancellationToken)
    {
        PushCommit("a.yaml", "a\n");
        _work.Git("push", "--quiet", "origin", "main:feature");
        using GitRemoteMirror mirror = CreateMirror(_remote.Path);
        await mirror.FetchAsync("feature", cancellationToken);

        _work.Git("push", "--quiet", "origin", "--delete", "feature");
        SourceUnavailableException? exception = Assert.ThrowsAsync<SourceUnavailableException>(
            () => mirror.FetchAsync("feature", cancellationToken));

        using GitRepository repository = mirror.OpenRepository();
        await Assert.MultipleAsync(async () =>
        {
            Assert.That(exception?.Reason, Is.EqualTo(SourceUnavailableReason.BranchNotFound));
            Assert.That(exception?.Message, Does.Contain("'feature'").And.Contain(_remote.Path));
            Assert.That(await repository.FindCommitAsync(GitRemoteMirror.TrackingReference("feature"), cancellationToken), Is.Null);
            Assert.That(await mirror.FetchAsync("main", cancellationToken), Is.Not.Empty);
        });
    }

    [Test]
    public void FetchAsync_BranchNeverPushed_ThrowsBranchNotFound()
    {
        PushCommit("a.yaml", "a\n");
        using GitRemoteMirror mirror = CreateMirror(_remote.Path);

        SourceUnavailableException? exception = Assert.ThrowsAsync<SourceUnavailableException>(
            () => mirror.FetchAsync("no-such-branch", CancellationToken.None));

        Assert.That(exception?.Reason, Is.EqualTo(SourceUnavailableReason.BranchNotFound));
    }

    [Test]
    public void FetchAsync_RemotePathMissing_ThrowsRemoteUnreachable()
    {
        string missing = Path.Combine(Path.GetTempPath(), "infra-gitops-git-tests", Guid.NewGuid().ToString("N"), "nowhere.git");
        using GitRemoteMirror mirror = CreateMirror(missing);

        SourceUnavailableException? exception = Assert.ThrowsAsync<SourceUnavailableException>(
            () => mirror.FetchAsync("main", CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(exception?.Reason, Is.EqualTo(SourceUnavailableReason.RemoteUnreachable));
            Assert.That(exception?.Message, Does.Contain(missing));
        });
    }

    [Test]
    public void FetchAsync_RemoteWasDeletedAfterClone_ThrowsRemoteUnreachable()
    {
        PushCommit("a.yaml", "a\n");
        using GitRemoteMirror mirror = CreateMirror(_remote.Path);
        Assert.That(async () => await mirror.FetchAsync("main", CancellationToken.None), Throws.Nothing);
        Directory.Delete(_remote.Path, recursive: true);

        SourceUnavailableException? exception = Assert.ThrowsAsync<SourceUnavailableException>(
            () => mirror.FetchAsync("main", CancellationToken.None));

        Assert.That(exception?.Reason, Is.EqualTo(SourceUnavailableReason.RemoteUnreachable));
    }

    [Test]
    public async Task FetchAsync_CancelledToken_ThrowsOperationCanceled(CancellationToken cancellationToken)
    {
        PushCommit("a.yaml", "a\n");
        using GitRemoteMirror mirror = CreateMirror(_remote.Path);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        Assert.That(() => mirror.FetchAsync("main", cancelled.Token), Throws.InstanceOf<OperationCanceledException>());
    }

    [TestCase("a..b")]
    [TestCase("with space")]
    [TestCase("ends.lock")]
    [TestCase("-leading-dash/../x")]
    public void FetchAsync_InvalidBranchName_ThrowsArgumentException(string branch)
    {
        using GitRemoteMirror mirror = CreateMirror(_remote.Path);

        Assert.ThrowsAsync<ArgumentException>(() => mirror.FetchAsync(branch, CancellationToken.None));
    }

    [Test]
    public async Task FetchRevisionAsync_TagPushedLater_FetchesAndResolvesIt(CancellationToken cancellationToken)
    {
        string tagged = PushCommit("a.yaml", "a: 1\n");
        PushCommit("a.yaml", "a: 2\n");
        _work.Git("tag", "-a", "-m", "release", "v1.2.0", tagged);
        _work.Git("push", "--quiet", "origin", "v1.2.0");
        using GitRemoteMirror mirror = CreateMirror(_remote.Path);

        CommitMetadata byTag = await mirror.FetchRevisionAsync("v1.2.0", cancellationToken);
        CommitMetadata bySha = await mirror.FetchRevisionAsync(tagged, cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(byTag.Sha, Is.EqualTo(tagged));
            Assert.That(bySha.Sha, Is.EqualTo(tagged));
        });
    }

    [Test]
    public void FetchRevisionAsync_UnknownTag_ThrowsRevisionNotFound()
    {
        PushCommit("a.yaml", "a\n");
        using GitRemoteMirror mirror = CreateMirror(_remote.Path);

        SourceUnavailableException? exception = Assert.ThrowsAsync<SourceUnavailableException>(
            () => mirror.FetchRevisionAsync("v9.9.9", CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(exception?.Reason, Is.EqualTo(SourceUnavailableReason.RevisionNotFound));
            Assert.That(exception?.Message, Does.Contain("'v9.9.9'"));
        });
    }

    [Test]
    public void Constructor_UrlWithPassword_ThrowsArgumentException()
    {
        var options = new GitRemoteMirrorOptions { RemoteUrl = "https://bot:s3cret@git.example.test/infra.git", CacheDirectory = _cache };

        ArgumentException? exception = Assert.Throws<ArgumentException>(
            () => _ = new GitRemoteMirror(options, TimeProvider.System, NullLogger<GitRemoteMirror>.Instance));

        Assert.That(exception?.Message, Does.Not.Contain("s3cret"));
    }

    [Test]
    public void FetchAsync_TokenVariableNotSet_ThrowsGitOpsExceptionNamingTheVariable()
    {
        PushCommit("a.yaml", "a\n");
        string variable = "INFRA_GITOPS_TEST_TOKEN_" + Guid.NewGuid().ToString("N");
        var options = new GitRemoteMirrorOptions { RemoteUrl = _remote.Path, CacheDirectory = _cache, TokenEnvironmentVariable = variable };
        using var mirror = new GitRemoteMirror(options, TimeProvider.System, NullLogger<GitRemoteMirror>.Instance);

        GitOpsException? exception = Assert.ThrowsAsync<GitOpsException>(() => mirror.FetchAsync("main", CancellationToken.None));

        Assert.That(exception?.Message, Does.Contain(variable));
    }

    private GitRemoteMirror CreateMirror(string remoteUrl) =>
        new(new GitRemoteMirrorOptions { RemoteUrl = remoteUrl, CacheDirectory = _cache }, TimeProvider.System, NullLogger<GitRemoteMirror>.Instance);

    private string PushCommit(string path, string text)
    {
        _work.Write(path, text);
        string sha = _work.Commit("change " + path);
        _work.Git("push", "--quiet", "origin", "HEAD:main");
        return sha;
    }
}
