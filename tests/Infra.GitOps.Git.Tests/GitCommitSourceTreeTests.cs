using System.Collections.Immutable;
using System.Text;
using Infra.GitOps.Loading;

namespace Infra.GitOps.Git.Tests;

[Category("Integration")]
[CancelAfter(60_000)]
public class GitCommitSourceTreeTests
{
    private ScratchRepository _scratch = null!; // set in SetUp, before every test.

    [SetUp]
    public void SetUp() => _scratch = ScratchRepository.CreateWorking();

    [TearDown]
    public void TearDown() => _scratch.Dispose();

    [Test]
    public async Task ListAsync_NestedDirectories_ListsEveryFileOrderedOrdinal(CancellationToken cancellationToken)
    {
        _scratch.Write("Pulumi.yaml", "name: lab\n");
        _scratch.Write("stacks/dev.yaml", "a: 1\n");
        _scratch.Write("infra/net/a.yaml", "n: 1\n");
        _scratch.Write("infra/net.b.yaml", "x\n");
        _scratch.Write("infra/Net0.yaml", "y\n");
        _scratch.Write("infra/a-b/c.yaml", "z\n");
        string sha = _scratch.Commit("first");

        using GitRepository repository = GitRepository.Open(_scratch.Path);
        GitCommitSourceTree tree = await repository.GetSourceTreeAsync("main", cancellationToken);
        ImmutableArray<SourceTreeEntry> entries = await tree.ListAsync(cancellationToken);

        string[] expected = _scratch.Git("ls-tree", "-r", "--name-only", sha).Split('\n').Order(StringComparer.Ordinal).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(entries.Select(e => e.Path), Is.EqualTo(expected));
            Assert.That(entries.Select(e => e.Path), Is.Ordered.Using((IComparer<string>)StringComparer.Ordinal));
            Assert.That(entries.Single(e => e.Path == "Pulumi.yaml"), Is.EqualTo(new SourceTreeEntry("Pulumi.yaml", 10, false, null)));
            Assert.That(tree.Revision, Is.EqualTo(sha));
            Assert.That(tree.Description, Is.EqualTo("commit " + sha[..7]));
        });
    }

    [Test]
    public async Task ListAsync_OlderCommit_ListsThatCommitsFilesAndContents(CancellationToken cancellationToken)
    {
        _scratch.Write("a.yaml", "old\n");
        _scratch.Write("gone.yaml", "soon deleted\n");
        string first = _scratch.Commit("first");
        _scratch.Write("a.yaml", "new\n");
        _scratch.Delete("gone.yaml");
        _scratch.Write("later.yaml", "later\n");
        _scratch.Commit("second");
        _scratch.Commit("third");

        using GitRepository repository = GitRepository.Open(_scratch.Path);
        GitCommitSourceTree old = await repository.GetSourceTreeAsync("HEAD~2", cancellationToken);
        ImmutableArray<SourceTreeEntry> entries = await old.ListAsync(cancellationToken);

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(old.Revision, Is.EqualTo(first));
            Assert.That(entries.Select(e => e.Path), Is.EqualTo(new[] { "a.yaml", "gone.yaml" }));
            Assert.That(await old.ReadAllBytesAsync("a.yaml", cancellationToken), Is.EqualTo("old\n"u8.ToArray()));
            Assert.ThrowsAsync<FileNotFoundException>(() => old.ReadAllBytesAsync("later.yaml", cancellationToken));
        });
    }

    [Test]
    public async Task ListAsync_SymlinkOutsideRepository_ReportedAsLinkAndNeverFollowed(CancellationToken cancellationToken)
    {
        _scratch.Write("infra/real.yaml", "real\n");
        _scratch.Symlink("infra/passwd.yaml", "/etc/passwd");
        _scratch.Symlink("infra/escape.yaml", "../../../../etc/hostname");
        _scratch.Symlink("infra/inside.yaml", "real.yaml");
        _scratch.Commit("links");

        using GitRepository repository = GitRepository.Open(_scratch.Path);
        GitCommitSourceTree tree = await repository.GetSourceTreeAsync("HEAD", cancellationToken);
        ImmutableArray<SourceTreeEntry> entries = await tree.ListAsync(cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(entries, Is.EqualTo(new[]
            {
                new SourceTreeEntry("infra/escape.yaml", "../../../../etc/hostname".Length, true, "../../../../etc/hostname"),
                new SourceTreeEntry("infra/inside.yaml", "real.yaml".Length, true, "real.yaml"),
                new SourceTreeEntry("infra/passwd.yaml", "/etc/passwd".Length, true, "/etc/passwd"),
                new SourceTreeEntry("infra/real.yaml", 5, false, null),
            }));
            Assert.ThrowsAsync<FileNotFoundException>(() => tree.ReadAllBytesAsync("infra/passwd.yaml", cancellationToken));
            Assert.ThrowsAsync<FileNotFoundException>(() => tree.ReadAllBytesAsync("infra/inside.yaml", cancellationToken));
        });
    }

    [Test]
    public async Task ListAsync_Submodule_IsSkipped(CancellationToken cancellationToken)
    {
        _scratch.Write("a.yaml", "a\n");
        string first = _scratch.Commit("first");
        _scratch.Git("update-index", "--add", "--cacheinfo", $"160000,{first},vendor/module");
        _scratch.Git("commit", "--quiet", "-m", "submodule");
        Assert.That(_scratch.Git("ls-tree", "-r", "HEAD"), Does.Contain("commit " + first + "\tvendor/module"));

        using GitRepository repository = GitRepository.Open(_scratch.Path);
        GitCommitSourceTree tree = await repository.GetSourceTreeAsync("HEAD", cancellationToken);
        ImmutableArray<SourceTreeEntry> entries = await tree.ListAsync(cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(entries.Select(e => e.Path), Is.EqualTo(new[] { "a.yaml" }));
            Assert.ThrowsAsync<FileNotFoundException>(() => tree.ReadAllBytesAsync("vendor/module", cancellationToken));
        });
    }

    [Test]
    public async Task ReadAllBytesAsync_NonUtf8AndLineEndings_ReturnsCommittedBytesAsIs(CancellationToken cancellationToken)
    {
        byte[] latin1 = [0x63, 0x61, 0x66, 0xE9, 0x0A, 0xFF, 0xFE, 0x00, 0x80, 0xC3, 0x28, 0x0A];
        byte[] lf = "a: 1\nb: 2\n"u8.ToArray();
        byte[] crlf = "a: 1\r\nb: 2\r\n"u8.ToArray();
        _scratch.WriteBytes("latin1.yaml", latin1);
        _scratch.WriteBytes("lf.yaml", lf);
        _scratch.WriteBytes("crlf.yaml", crlf);
        _scratch.Commit("bytes");

        // Filters (autocrlf, text attributes) would rewrite line endings on checkout: we read blobs, not checkouts.
        _scratch.Git("config", "core.autocrlf", "true");
        _scratch.Write(".gitattributes", "* text eol=crlf\n");

        using GitRepository repository = GitRepository.Open(_scratch.Path);
        GitCommitSourceTree tree = await repository.GetSourceTreeAsync("HEAD", cancellationToken);

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(await tree.ReadAllBytesAsync("latin1.yaml", cancellationToken), Is.EqualTo(latin1));
            Assert.That(await tree.ReadAllBytesAsync("lf.yaml", cancellationToken), Is.EqualTo(lf));
            Assert.That(await tree.ReadAllBytesAsync("crlf.yaml", cancellationToken), Is.EqualTo(crlf));
            Assert.That((await tree.ListAsync(cancellationToken)).Single(e => e.Path == "latin1.yaml").Length, Is.EqualTo(latin1.Length));
        });
    }

    [TestCase("missing.yaml")]
    [TestCase("dir")]
    [TestCase("dir/")]
    [TestCase("/dir/a.yaml")]
    [TestCase("dir//a.yaml")]
    [TestCase("./dir/a.yaml")]
    [TestCase("dir/../dir/a.yaml")]
    [TestCase("dir\\a.yaml")]
    [TestCase("dir/a.yaml/x")]
    [TestCase("")]
    public async Task ReadAllBytesAsync_NotAFileOfTheTree_ThrowsFileNotFound(string path, CancellationToken cancellationToken)
    {
        _scratch.Write("dir/a.yaml", "a\n");
        _scratch.Commit("first");
        using GitRepository repository = GitRepository.Open(_scratch.Path);
        GitCommitSourceTree tree = await repository.GetSourceTreeAsync("HEAD", cancellationToken);

        FileNotFoundException? exception = Assert.ThrowsAsync<FileNotFoundException>(() => tree.ReadAllBytesAsync(path, cancellationToken));

        Assert.That(exception?.FileName, Is.EqualTo(path));
    }

    [Test]
    public async Task ListAsync_BlobOver10MiB_ReportsLengthAndReadsItWhole(CancellationToken cancellationToken)
    {
        byte[] big = new byte[(10 * 1024 * 1024) + 3];
        new Random(42).NextBytes(big);
        _scratch.WriteBytes("images/big.bin", big);
        _scratch.Commit("big");

        using GitRepository repository = GitRepository.Open(_scratch.Path);
        GitCommitSourceTree tree = await repository.GetSourceTreeAsync("HEAD", cancellationToken);

        await Assert.MultipleAsync(async () =>
        {
            Assert.That((await tree.ListAsync(cancellationToken)).Single().Length, Is.EqualTo(big.Length));
            Assert.That(await tree.ReadAllBytesAsync("images/big.bin", cancellationToken), Is.EqualTo(big));
        });
    }

    [Test]
    public async Task ListAsync_BlobOver10MiB_LengthComesFromTheObjectHeaderWithoutReadingContent(CancellationToken cancellationToken)
    {
        byte[] big = new byte[(10 * 1024 * 1024) + 3];
        new Random(7).NextBytes(big);
        _scratch.WriteBytes("big.bin", big);
        _scratch.Commit("big");

        // Zero the loose object after its zlib header: only a reader that never inflates the content still gets
        // the size; inflating the content now fails. This proves ListAsync reads the header alone. (Zeroing, not
        // truncating: libgit2 1.8 never returns from inflating a truncated loose object.)
        string blobSha = _scratch.Git("rev-parse", "HEAD:big.bin");
        string objectPath = Path.Combine(_scratch.Path, ".git", "objects", blobSha[..2], blobSha[2..]);
        long objectLength = new FileInfo(objectPath).Length;
        Assert.That(objectLength, Is.GreaterThan(10 * 1024 * 1024), "random bytes do not compress");
        File.SetAttributes(objectPath, FileAttributes.Normal);
        using (FileStream stream = File.Open(objectPath, FileMode.Open, FileAccess.Write))
        {
            stream.Position = 512;
            stream.Write(new byte[objectLength - 512]);
        }

        using GitRepository repository = GitRepository.Open(_scratch.Path);
        GitCommitSourceTree tree = await repository.GetSourceTreeAsync("HEAD", cancellationToken);

        await Assert.MultipleAsync(async () =>
        {
            Assert.That((await tree.ListAsync(cancellationToken)).Single(), Is.EqualTo(new SourceTreeEntry("big.bin", big.Length, false, null)));
            Assert.ThrowsAsync<GitOpsException>(() => tree.ReadAllBytesAsync("big.bin", cancellationToken));
        });
    }

    [Test]
    public async Task ReadAllBytesAsync_ManyThreadsAtOnce_EveryReadGetsItsOwnFile(CancellationToken cancellationToken)
    {
        for (int i = 0; i < 200; i++)
        {
            _scratch.Write($"files/f{i:D3}.yaml", $"index: {i}\n" + new string('x', i * 37));
        }

        _scratch.Commit("many");
        using GitRepository repository = GitRepository.Open(_scratch.Path);
        GitCommitSourceTree tree = await repository.GetSourceTreeAsync("HEAD", cancellationToken);

        var reads = new List<Task<(int Index, byte[] Bytes)>>();
        for (int round = 0; round < 5; round++)
        {
            reads.AddRange(Enumerable.Range(0, 200).Select(i => Task.Run(
                async () => (i, await tree.ReadAllBytesAsync($"files/f{i:D3}.yaml", cancellationToken)),
                cancellationToken)));
            reads.Add(Task.Run(async () => (-1, new byte[(await tree.ListAsync(cancellationToken)).Length]), cancellationToken));
        }

        (int Index, byte[] Bytes)[] results = await Task.WhenAll(reads);

        Assert.Multiple(() =>
        {
            foreach ((int index, byte[] bytes) in results)
            {
                string expected = index < 0 ? new string('\0', 200) : $"index: {index}\n" + new string('x', index * 37);
                Assert.That(Encoding.UTF8.GetString(bytes), Is.EqualTo(expected), $"file {index}");
            }
        });
    }

    [Test]
    public async Task ListAsync_DeeplyNestedTree_ListsWithoutStackOverflow(CancellationToken cancellationToken)
    {
        string deep = string.Join('/', Enumerable.Repeat("d", 1000)) + "/leaf.yaml";
        _scratch.Write(deep, "deep\n");
        _scratch.Commit("deep");

        using GitRepository repository = GitRepository.Open(_scratch.Path);
        GitCommitSourceTree tree = await repository.GetSourceTreeAsync("HEAD", cancellationToken);

        await Assert.MultipleAsync(async () =>
        {
            Assert.That((await tree.ListAsync(cancellationToken)).Single().Path, Is.EqualTo(deep));
            Assert.That(await tree.ReadAllBytesAsync(deep, cancellationToken), Is.EqualTo("deep\n"u8.ToArray()));
        });
    }

    [Test]
    public async Task ListAsync_RepositoryDisposed_ThrowsObjectDisposed(CancellationToken cancellationToken)
    {
        _scratch.Write("a.yaml", "a\n");
        _scratch.Commit("first");
        GitRepository repository = GitRepository.Open(_scratch.Path);
        GitCommitSourceTree tree = await repository.GetSourceTreeAsync("HEAD", cancellationToken);

        repository.Dispose();

        Assert.ThrowsAsync<ObjectDisposedException>(() => tree.ReadAllBytesAsync("a.yaml", cancellationToken));
    }
}
