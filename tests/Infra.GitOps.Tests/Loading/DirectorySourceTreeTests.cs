using Infra.GitOps.Loading;
using Infra.GitOps.Model;
using NUnit.Framework;
using M = Infra.GitOps.Loading.DiagnosticMessages;

namespace Infra.GitOps.Tests.Loading;

[TestFixture]
[Category("Integration")]
public class DirectorySourceTreeTests
{
    private string root = null!; // set in SetUp
    private string outside = null!; // set in SetUp

    [SetUp]
    public void SetUp()
    {
        var temp = Directory.CreateTempSubdirectory("infra-gitops-tree-").FullName;
        root = Path.Combine(temp, "repo");
        outside = Path.Combine(temp, "outside");
        Directory.CreateDirectory(outside);
        File.WriteAllText(Path.Combine(outside, "secret.yaml"), "apiVersion: v1\nkind: Secret\nmetadata: {name: stolen}\n");
        Write("Pulumi.yaml", "name: lab\n");
        Write("stacks/dev.yaml", "apiVersion: infra.gitops/v1\nkind: Stack\nmetadata: {name: dev}\nspec:\n  sources: [\"infra/**/*.yaml\"]\n");
        Write("infra/disk.yaml", "apiVersion: infra.gitops/v1\nkind: Disk\nmetadata: {name: data}\nspec: {provider: libvirt, sizeGb: 1}\n");
        Write(".git/config", "[core]\n");
        Write("infra/bin/skipped.yaml", "x: 1\n");
        Write("infra/obj/skipped.yaml", "x: 1\n");
        Write(".infra/state/dev.json", "{}\n");
        File.CreateSymbolicLink(Path.Combine(root, "infra", "stolen.yaml"), Path.Combine(outside, "secret.yaml"));
        Directory.CreateSymbolicLink(Path.Combine(root, "infra", "linked"), outside);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(Path.GetDirectoryName(root)!, recursive: true); // root has a parent: the temp folder

    [Test]
    [CancelAfter(10_000)]
    public async Task ListAsync_SkipsBuildAndGitFolders_ReportsLinksWithoutFollowing(CancellationToken cancellationToken)
    {
        var entries = await new DirectorySourceTree(root).ListAsync(cancellationToken);

        Assert.That(entries.Select(e => (e.Path, e.IsSymbolicLink, e.LinkTarget)), Is.EqualTo(new (string, bool, string?)[]
        {
            ("Pulumi.yaml", false, null),
            ("infra/disk.yaml", false, null),
            ("infra/linked", true, outside),
            ("infra/stolen.yaml", true, Path.Combine(outside, "secret.yaml")),
            ("stacks/dev.yaml", false, null),
        }));
    }

    [TestCase("infra/stolen.yaml")]
    [TestCase("infra/linked/secret.yaml")]
    [TestCase("../outside/secret.yaml")]
    [TestCase("/etc/hostname")]
    [TestCase("infra/missing.yaml")]
    [CancelAfter(10_000)]
    public void ReadAllBytesAsync_LinkOrEscapingPath_ThrowsFileNotFound(string path, CancellationToken cancellationToken) =>
        Assert.ThrowsAsync<FileNotFoundException>(() => new DirectorySourceTree(root).ReadAllBytesAsync(path, cancellationToken));

    [Test]
    [CancelAfter(10_000)]
    public async Task LoadAsync_SymlinkOutsideRepository_IsAnErrorAndNeverRead(CancellationToken cancellationToken)
    {
        var result = await new RepositoryLoader().LoadAsync(new DirectorySourceTree(root), RepositoryLoadOptions.Default, cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(result.Diagnostics.Select(d => $"{d.Code}@{d.Location}"), Is.EqualTo(new[] { $"{M.SymlinkOutsideRepositoryCode}@infra/stolen.yaml:1:1" }));
            Assert.That(result.Value!.Stacks[0].Documents.Select(d => d.Name), Is.EqualTo(new[] { "data" }));
        });
    }

    [TestCase("examples/local-lab")]
    [TestCase("examples/multi-cloud")]
    [TestCase(".")]
    [CancelAfter(30_000)]
    public async Task LoadAsync_RepositoryExamples_LoadWithoutErrors(string folder, CancellationToken cancellationToken)
    {
        var result = await new RepositoryLoader().LoadAsync(new DirectorySourceTree(Path.Combine(RepositoryRoot.Path, folder)), RepositoryLoadOptions.Default, cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(result.Diagnostics.Where(d => d.Severity == Severity.Error), Is.Empty, string.Join("\n", result.Diagnostics));
            Assert.That(result.Value!.Stacks, Is.Not.Empty);
            Assert.That(result.Value.Stacks.All(s => s.Documents.Length > 0), Is.True);
        });
    }

    private void Write(string path, string text)
    {
        var full = Path.Combine(root, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!); // a file path always has a folder
        File.WriteAllText(full, text);
    }
}
