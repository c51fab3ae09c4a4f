using NUnit.Framework;

namespace Infra.GitOps.Cli.Tests;

/// <summary><c>pr-preview</c> over a real Git repository: two commits, the stack they touch, its comment.</summary>
[Category("Integration")]
public class PrPreviewCommandTests
{
    private string _repo = null!;

    [SetUp]
    public void SetUp()
    {
        _repo = CliRun.CopyExample("local-lab");
        CliRun.Git(_repo, "init -q");
        CliRun.Git(_repo, "add -A");
        CliRun.Git(_repo, "commit -qm base");
        var vms = Path.Combine(_repo, "infra", "vms.yaml");
        File.WriteAllText(vms, File.ReadAllText(vms).Replace("sizeGb: 1", "sizeGb: 2", StringComparison.Ordinal));
        CliRun.Git(_repo, "commit -qam grow");
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_repo, recursive: true);

    [Test]
    [CancelAfter(120_000)]
    public async Task PrPreview_ChangedStack_WritesCommentAndJson()
    {
        var markdown = Path.Combine(_repo, "comment.md");
        var json = Path.Combine(_repo, "preview.json");
        var (code, output, error) = await CliRun.RunAsync("pr-preview", "--repo", _repo, "--base", "HEAD~1", "--head", "HEAD", "--output", markdown, "--json", json);
        var comment = await File.ReadAllTextAsync(markdown);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(ExitCodes.Success), output + error);
            Assert.That(comment, Does.StartWith("<!-- infra-gitops:preview -->"));
            Assert.That(comment, Does.Contain("| `lab` | 12 |"));
            Assert.That(comment.Length, Is.LessThan(65_536));
            Assert.That(File.ReadAllText(json), Does.Contain("\"lab\""));
        });
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task PrPreview_UnknownRevision_ExitsOneWithMessage()
    {
        var (code, _, error) = await CliRun.RunAsync("pr-preview", "--repo", _repo, "--base", "HEAD~1", "--head", "no-such-branch");
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(ExitCodes.Failed));
            Assert.That(error, Does.Contain("no-such-branch"));
        });
    }
}
