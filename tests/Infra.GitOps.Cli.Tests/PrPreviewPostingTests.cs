using System.Text.RegularExpressions;
using Infra.GitOps.Tests.Shared.GitHub;
using NUnit.Framework;

namespace Infra.GitOps.Cli.Tests;

/// <summary>
/// <c>pr-preview --github-repository --pull-request</c> posting to <see cref="FakeGitHubServer"/>: a loopback
/// HTTP-level fake of GitHub's REST API (real paths, JSON shapes, paging and error bodies on 127.0.0.1), over
/// a real Git repository. The token and a stack secret are canaries that must never be sent in any body.
/// </summary>
[Category("Integration")]
[NonParallelizable] // sets GITHUB_TOKEN and a secret's variable for the in-process CLI
[CancelAfter(120_000)]
public class PrPreviewPostingTests
{
    private const string Token = "ghs_canaryTOKEN_7f3a9c";
    private const string SecretVariable = "IGT_PR_PREVIEW_CANARY";
    private const string Secret = "canary-SECRET-5b1e0d";
    private const int PullRequest = 42;

    private string _repo = null!;
    private string? _savedToken;

    [SetUp]
    public void SetUp()
    {
        _savedToken = Environment.GetEnvironmentVariable("GITHUB_TOKEN");
        Environment.SetEnvironmentVariable("GITHUB_TOKEN", Token);
        Environment.SetEnvironmentVariable(SecretVariable, Secret);
        _repo = CliRun.CopyExample("local-lab");
        CliRun.Git(_repo, "init -q");
        CliRun.Git(_repo, "add -A");
        CliRun.Git(_repo, "commit -qm base");

        // The pull request: a bigger disk, and a VM whose user data carries a secret from the environment.
        Replace("infra/vms.yaml", "sizeGb: 1", "sizeGb: 2");
        Replace("infra/vms.yaml", "  disks: [web-data]", "  disks: [web-data]\n  userData: \"password=${secret.adminPassword}\"");
        Replace("stacks/lab.yaml", "  variables:", $"  secrets:\n    adminPassword: {{ fromEnv: {SecretVariable} }}\n  variables:");
        CliRun.Git(_repo, "commit -qam change");
    }

    [TearDown]
    public void TearDown()
    {
        Environment.SetEnvironmentVariable("GITHUB_TOKEN", _savedToken);
        Environment.SetEnvironmentVariable(SecretVariable, null);
        Directory.Delete(_repo, recursive: true);
    }

    [Test]
    public async Task PrPreview_PostedTwiceToLoopbackFakeGitHub_CreatesThenUpdatesOneCommentAndSetsStatus()
    {
        await using var github = new FakeGitHubServer();
        github.Seed(PullRequest, 3);

        var first = await PostAsync(github);
        Replace("infra/vms.yaml", "sizeGb: 2", "sizeGb: 3");
        CliRun.Git(_repo, "commit -qam again");
        var second = await PostAsync(github);

        var head = CliRun.GitOutput(_repo, "rev-parse HEAD");
        var ours = github.Comments[PullRequest].Where(c => c.Body.StartsWith("<!-- infra-gitops:preview -->", StringComparison.Ordinal)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(first.ExitCode, Is.EqualTo(ExitCodes.Success), first.Output + first.Error);
            Assert.That(first.Output, Does.Contain("Created the preview comment"));
            Assert.That(second.ExitCode, Is.EqualTo(ExitCodes.Success), second.Output + second.Error);
            Assert.That(second.Output, Does.Contain("Updated the preview comment"));
            Assert.That(ours, Has.Count.EqualTo(1));
            Assert.That(github.Comments[PullRequest], Has.Count.EqualTo(4));
            Assert.That(ours[0].Body, Does.Contain("| `lab` |").And.Contain(head[..7]));
            Assert.That(github.Requests.Count(r => r.Method == "POST" && r.Path.EndsWith("/issues/42/comments", StringComparison.Ordinal)), Is.EqualTo(1));
            Assert.That(github.Requests.Count(r => r.Method == "PATCH"), Is.EqualTo(1));
            Assert.That(github.Requests.Select(r => r.Path), Has.All.StartsWith("/repos/acme/infra/"));
            Assert.That(github.Statuses, Has.Count.EqualTo(2));
            Assert.That(github.Statuses[1].Sha, Is.EqualTo(head));
            Assert.That((string?)github.Statuses[1].Status["context"], Is.EqualTo("infra-gitops/preview"));
            Assert.That((string?)github.Statuses[1].Status["state"], Is.EqualTo("success"));
            Assert.That((string?)github.Statuses[1].Status["description"], Does.StartWith("lab +"));
        });
    }

    [Test]
    public async Task PrPreview_Posting_NeverSendsTheSecretOrTheTokenInABody()
    {
        await using var github = new FakeGitHubServer();
        var markdown = Path.Combine(_repo, "comment.md");
        var json = Path.Combine(_repo, "preview.json");

        var (code, output, error) = await PostAsync(github, "--output", markdown, "--json", json);

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(ExitCodes.Success), output + error);
            Assert.That(github.Requests, Is.Not.Empty);
            Assert.That(github.Requests.Select(r => r.Body), Has.None.Contain(Secret).And.None.Contain(Token));
            Assert.That(github.Requests.Select(r => r.Path), Has.None.Contain(Secret).And.None.Contain(Token));
            Assert.That(github.Requests.Select(r => r.Authorization), Has.All.EndsWith(" " + Token), "the token only in the header");
            Assert.That(File.ReadAllText(markdown) + File.ReadAllText(json) + output + error, Does.Not.Contain(Secret).And.Not.Contain(Token));
            Assert.That(github.Comments[PullRequest].Single().Body, Does.Contain("[secret]"), "the secret-bearing change is shown, masked");
        });
    }

    public sealed record GitHubErrorCase(string Name, string Pattern, int Status, string Expected, bool CommentLeft)
    {
        public override string ToString() => Name;
    }

    public static IEnumerable<GitHubErrorCase> GitHubErrors() =>
    [
        new("401 listing comments", "^GET .*/comments", 401, "set GITHUB_TOKEN", false),
        new("500 creating the comment", "^POST .*/issues/42/comments$", 500, "500 InternalServerError", false),
        new("500 setting the status", "^POST .*/statuses/", 500, "the commit status was not set", true),
    ];

    [TestCaseSource(nameof(GitHubErrors))]
    public async Task PrPreview_LoopbackFakeGitHubAnswersError_ExitsOneWithClearMessage(GitHubErrorCase failure)
    {
        await using var github = new FakeGitHubServer();
        github.Failures[failure.Pattern] = (failure.Status, "Bad things " + Token);

        var (code, output, error) = await PostAsync(github);

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(ExitCodes.Failed), output + error);
            Assert.That(error, Does.Contain("error: Failed").And.Contain(failure.Expected));
            Assert.That(error, Does.Not.Contain(Token).And.Not.Contain("   at "), "one clear line, no stack trace, no token");
            Assert.That(github.Comments.GetValueOrDefault(PullRequest, []), Has.Count.EqualTo(failure.CommentLeft ? 1 : 0));
            Assert.That(github.Statuses, Is.Empty);
        });
    }

    [Test]
    public async Task PrPreview_GitHubUnreachable_ExitsOneWithNetworkMessage()
    {
        var closed = FakeGitHubServer.FreePort();

        var (code, output, error) = await CliRun.RunAsync(
            "pr-preview", "--repo", _repo, "--base", "HEAD~1", "--head", "HEAD",
            "--github-repository", "acme/infra", "--pull-request", "42", "--github-api-url", $"http://127.0.0.1:{closed}/api/v3");

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(ExitCodes.Failed), output + error);
            Assert.That(error, Does.Contain("Could not reach GitHub").And.Contain("Nothing was posted"));
        });
    }

    [Test]
    public async Task PrPreview_PostingWithoutToken_ExitsTwoBeforeAnyRequest()
    {
        Environment.SetEnvironmentVariable("GITHUB_TOKEN", null);
        await using var github = new FakeGitHubServer();

        var (code, output, error) = await PostAsync(github);

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(ExitCodes.InvalidInput), output + error);
            Assert.That(error, Does.Contain("needs a token").And.Contain("GITHUB_TOKEN"));
            Assert.That(github.Requests, Is.Empty);
        });
    }

    [TestCase("--pull-request", "42")]
    [TestCase("--github-repository", "acme/infra")]
    [TestCase("--github-repository", "not-a-repository", "--pull-request", "42")]
    [TestCase("--github-repository", "acme/infra", "--pull-request", "0")]
    [TestCase("--github-repository", "acme/infra", "--pull-request", "42", "--github-api-url", "ftp://example.invalid/")]
    public async Task PrPreview_IncompleteOrMalformedPostingOptions_ExitsTwo(params string[] posting)
    {
        var (code, output, error) = await CliRun.RunAsync(["pr-preview", "--repo", _repo, "--base", "HEAD~1", "--head", "HEAD", .. posting]);

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(ExitCodes.InvalidInput), output + error);
            Assert.That(error, Does.Contain("--"));
        });
    }

    [TestCase("examples/ci/github-pr-preview.yaml")]
    [TestCase("examples/ci/azure-pipelines.yaml")]
    public async Task PrPreview_FlagsUsedByCiExample_AreAllKnown(string example)
    {
        var text = await File.ReadAllTextAsync(Path.Combine(CliRun.RepositoryRoot(), example));
        var invocation = Regex.Match(text, @"infra-gitops pr-preview(?<args>(?:[^\n]*\\\n)*[^\n]*)");
        var flags = Regex.Matches(invocation.Groups["args"].Value, @"(?<=\s)--[a-z-]+").Select(m => m.Value).Distinct().ToList();
        var help = await CliRun.RunAsync("pr-preview", "--help");

        Assert.Multiple(() =>
        {
            Assert.That(invocation.Success, Is.True, $"{example} runs pr-preview");
            Assert.That(flags, Is.Not.Empty);
            Assert.That(flags, Is.SubsetOf(Regex.Matches(help.Output, @"--[a-z-]+").Select(m => m.Value).ToList()), help.Output);
        });
    }

    private Task<(int ExitCode, string Output, string Error)> PostAsync(FakeGitHubServer github, params string[] more) =>
        CliRun.RunAsync([
            "pr-preview", "--repo", _repo, "--base", "HEAD~1", "--head", "HEAD",
            "--github-repository", "acme/infra", "--pull-request", "42",
            "--github-api-url", github.ApiUrl.AbsoluteUri.TrimEnd('/'), .. more]);

    private void Replace(string relative, string from, string to)
    {
        var path = Path.Combine(_repo, relative);
        var text = File.ReadAllText(path);
        Assert.That(text, Does.Contain(from), relative);
        File.WriteAllText(path, text.Replace(from, to, StringComparison.Ordinal));
    }
}
