using System.Collections.Immutable;

namespace Infra.GitOps.Git.Tests;

[Category("Integration")]
[CancelAfter(60_000)]
public class GitRepositoryTests
{
    private ScratchRepository _scratch = null!; // set in SetUp, before every test.

    [SetUp]
    public void SetUp() => _scratch = ScratchRepository.CreateWorking();

    [TearDown]
    public void TearDown() => _scratch.Dispose();

    [Test]
    public void Open_FolderWithoutRepository_ThrowsGitOpsExceptionNamingIt()
    {
        string plain = Path.Combine(Path.GetTempPath(), "infra-gitops-git-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(plain);

        GitOpsException? exception = Assert.Throws<GitOpsException>(() => GitRepository.Open(plain));

        Directory.Delete(plain);
        Assert.That(exception?.Message, Does.Contain(plain));
    }

    [Test]
    public void Open_WorkingDirectoryAndBare_ReportsWhetherBare()
    {
        using ScratchRepository bare = ScratchRepository.CreateBare();
        using GitRepository working = GitRepository.Open(_scratch.Path);
        using GitRepository opened = GitRepository.Open(bare.Path);

        Assert.Multiple(() =>
        {
            Assert.That(working.IsBare, Is.False);
            Assert.That(opened.IsBare, Is.True);
        });
    }

    [TestCase("main", 3)]
    [TestCase("HEAD", 3)]
    [TestCase("HEAD~2", 1)]
    [TestCase("main^", 2)]
    [TestCase("v1", 1)]
    [TestCase("v2-annotated", 2)]
    [TestCase("feature", 2)]
    public async Task ResolveCommitAsync_Revision_ResolvesToItsCommit(string revision, int commitNumber, CancellationToken cancellationToken)
    {
        string[] shas = CommitThree();
        _scratch.Git("tag", "v1", shas[0]);
        _scratch.Git("tag", "-a", "-m", "second release", "v2-annotated", shas[1]);
        _scratch.Git("branch", "feature", shas[1]);
        using GitRepository repository = GitRepository.Open(_scratch.Path);

        CommitMetadata commit = await repository.ResolveCommitAsync(revision, cancellationToken);

        Assert.That(commit.Sha, Is.EqualTo(shas[commitNumber - 1]));
    }

    [Test]
    public async Task ResolveCommitAsync_FullAndAbbreviatedSha_ResolveToTheCommit(CancellationToken cancellationToken)
    {
        string[] shas = CommitThree();
        using GitRepository repository = GitRepository.Open(_scratch.Path);

        await Assert.MultipleAsync(async () =>
        {
            Assert.That((await repository.ResolveCommitAsync(shas[1], cancellationToken)).Sha, Is.EqualTo(shas[1]));
            Assert.That((await repository.ResolveCommitAsync(shas[1][..10], cancellationToken)).Sha, Is.EqualTo(shas[1]));
        });
    }

    [TestCase("no-such-branch")]
    [TestCase("HEAD~10")]
    [TestCase("0123456789012345678901234567890123456789")]
    [TestCase("main:file-1.yaml")]
    [TestCase("a..b..c")]
    [TestCase("@{-1}")]
    public async Task ResolveCommitAsync_UnknownRevision_ThrowsGitOpsExceptionNamingIt(string revision, CancellationToken cancellationToken)
    {
        CommitThree();
        using GitRepository repository = GitRepository.Open(_scratch.Path);

        GitOpsException? exception = Assert.ThrowsAsync<GitOpsException>(() => repository.ResolveCommitAsync(revision, cancellationToken));

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(exception?.GetType(), Is.EqualTo(typeof(GitOpsException)));
            Assert.That(exception?.Message, Does.Contain($"'{revision}'"));
            Assert.That(await repository.FindCommitAsync(revision, cancellationToken), Is.Null);
        });
    }

    [Test]
    public async Task ResolveCommitAsync_Commit_ReturnsAuthorSubjectAndTime(CancellationToken cancellationToken)
    {
        _scratch.Write("a.yaml", "a\n");
        string sha = _scratch.Commit("Add the lab network\r\n\r\nLonger body\nwith lines.");
        using GitRepository repository = GitRepository.Open(_scratch.Path);

        CommitMetadata commit = await repository.ResolveCommitAsync("HEAD", cancellationToken);

        Assert.That(commit, Is.EqualTo(new CommitMetadata(
            sha,
            ScratchRepository.AuthorName,
            ScratchRepository.AuthorEmail,
            "Add the lab network",
            new DateTimeOffset(2026, 1, 2, 3, 4, 0, TimeSpan.FromHours(2)))));
    }

    [Test]
    public async Task ChangedPathsAsync_AddModifyDeleteRenameAndTypeChange_ReportsEveryPathLikeGit(CancellationToken cancellationToken)
    {
        _scratch.Write("keep.yaml", "same\n");
        _scratch.Write("modify.yaml", "before\n");
        _scratch.Write("delete.yaml", "gone\n");
        _scratch.Write("dir/rename-me.yaml", "moving\n");
        _scratch.Write("becomes-link.yaml", "file\n");
        _scratch.Write("untouched/deep/x.yaml", "x\n");
        string from = _scratch.Commit("before");
        _scratch.Write("modify.yaml", "after\n");
        _scratch.Delete("delete.yaml");
        _scratch.Write("new/added.yaml", "new\n");
        _scratch.Move("dir/rename-me.yaml", "moved/renamed.yaml");
        _scratch.Delete("becomes-link.yaml");
        _scratch.Symlink("becomes-link.yaml", "keep.yaml");
        string to = _scratch.Commit("after");
        using GitRepository repository = GitRepository.Open(_scratch.Path);

        ImmutableArray<string> changed = await repository.ChangedPathsAsync(from, to, cancellationToken);
        ImmutableArray<string> backwards = await repository.ChangedPathsAsync(to, from, cancellationToken);

        string[] git = _scratch.Git("diff", "--name-only", "--no-renames", from, to).Split('\n').Order(StringComparer.Ordinal).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(changed, Is.EqualTo(new[]
            {
                "becomes-link.yaml", "delete.yaml", "dir/rename-me.yaml", "modify.yaml", "moved/renamed.yaml", "new/added.yaml",
            }));
            Assert.That(changed, Is.EqualTo(git));
            Assert.That(backwards, Is.EqualTo(changed));
        });
    }

    [Test]
    public async Task ChangedPathsAsync_SameTreeOrSameCommit_IsEmpty(CancellationToken cancellationToken)
    {
        _scratch.Write("a.yaml", "a\n");
        string first = _scratch.Commit("first");
        string empty = _scratch.Commit("no change");
        using GitRepository repository = GitRepository.Open(_scratch.Path);

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(await repository.ChangedPathsAsync(first, empty, cancellationToken), Is.Empty);
            Assert.That(await repository.ChangedPathsAsync("HEAD", "HEAD", cancellationToken), Is.Empty);
        });
    }

    [Test]
    public async Task ChangedPathsAsync_SubmoduleMoved_IsLeftOut(CancellationToken cancellationToken)
    {
        _scratch.Write("a.yaml", "a\n");
        string first = _scratch.Commit("first");
        _scratch.Git("update-index", "--add", "--cacheinfo", $"160000,{first},vendor/module");
        _scratch.Git("commit", "--quiet", "-m", "submodule");
        string second = _scratch.Git("rev-parse", "HEAD");

        // Stage by hand: "add --all" would drop the gitlink, which has no folder in the working directory.
        _scratch.Write("a.yaml", "changed\n");
        _scratch.Git("add", "a.yaml");
        _scratch.Git("update-index", "--add", "--cacheinfo", $"160000,{second},vendor/module");
        _scratch.Git("commit", "--quiet", "-m", "submodule moved");
        using GitRepository repository = GitRepository.Open(_scratch.Path);

        ImmutableArray<string> changed = await repository.ChangedPathsAsync("HEAD~1", "HEAD", cancellationToken);

        Assert.That(changed, Is.EqualTo(new[] { "a.yaml" }));
    }

    [Test]
    public void ChangedPathsAsync_UnknownRevision_ThrowsNamingIt()
    {
        CommitThree();
        using GitRepository repository = GitRepository.Open(_scratch.Path);

        GitOpsException? exception = Assert.ThrowsAsync<GitOpsException>(
            () => repository.ChangedPathsAsync("HEAD", "deadbeef", CancellationToken.None));

        Assert.That(exception?.Message, Does.Contain("'deadbeef'"));
    }

    [Test]
    public async Task IsAncestorAsync_LinearHistory_TrueForwardFalseBackward(CancellationToken cancellationToken)
    {
        string[] shas = CommitThree();
        using GitRepository repository = GitRepository.Open(_scratch.Path);

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(await repository.IsAncestorAsync(shas[0], shas[2], cancellationToken), Is.True);
            Assert.That(await repository.IsAncestorAsync(shas[1], shas[1], cancellationToken), Is.True);
            Assert.That(await repository.IsAncestorAsync(shas[2], shas[0], cancellationToken), Is.False);
        });
    }

    [Test]
    public async Task IsAncestorAsync_DivergentBranches_FalseBothWays(CancellationToken cancellationToken)
    {
        string[] shas = CommitThree();
        _scratch.Git("checkout", "--quiet", "-b", "other", shas[0]);
        _scratch.Write("other.yaml", "o\n");
        string other = _scratch.Commit("other");
        using GitRepository repository = GitRepository.Open(_scratch.Path);

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(await repository.IsAncestorAsync(shas[2], other, cancellationToken), Is.False);
            Assert.That(await repository.IsAncestorAsync(other, shas[2], cancellationToken), Is.False);
            Assert.That(await repository.IsAncestorAsync(shas[0], other, cancellationToken), Is.True);
        });
    }

    [Test]
    public async Task ResolveCommitAsync_CancelledToken_ThrowsOperationCanceled(CancellationToken cancellationToken)
    {
        CommitThree();
        using GitRepository repository = GitRepository.Open(_scratch.Path);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        Assert.That(
            () => repository.ResolveCommitAsync("HEAD", cancelled.Token),
            Throws.InstanceOf<OperationCanceledException>());
    }

    private string[] CommitThree()
    {
        var shas = new string[3];
        for (int i = 0; i < 3; i++)
        {
            _scratch.Write($"file-{i}.yaml", $"n: {i}\n");
            shas[i] = _scratch.Commit($"commit {i + 1}");
        }

        return shas;
    }
}
