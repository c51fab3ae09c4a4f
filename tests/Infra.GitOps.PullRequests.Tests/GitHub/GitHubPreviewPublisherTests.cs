using Infra.GitOps.PullRequests.GitHub;
using Infra.GitOps.PullRequests.Preview;
using Infra.GitOps.PullRequests.Rendering;
using Infra.GitOps.Tests.Shared.GitHub;
using NUnit.Framework;

namespace Infra.GitOps.PullRequests.Tests.GitHub;

/// <summary>
/// Posting through Octokit against <see cref="FakeGitHubServer"/>, an HTTP-level fake of GitHub's REST API on
/// 127.0.0.1 (real paths, JSON shapes, Link paging and error bodies).
/// </summary>
[Category("Integration")]
[CancelAfter(60_000)]
public class GitHubPreviewPublisherTests
{
    private const string Token = "ghs_faketoken0123456789";
    private const int PullRequest = 7;

    private static GitHubPreviewPublisher PublisherFor(Uri api) => new(new GitHubPublishOptions
    {
        ApiBaseUrl = api,
        Owner = "acme",
        Repository = "infra",
        PullRequestNumber = PullRequest,
        Token = Token,
        RequestTimeout = TimeSpan.FromSeconds(10),
    });

    private static PreviewComment Render(PullRequestPreview preview) =>
        new PreviewCommentRenderer().Render(preview, new PreviewCommentOptions { RepositoryUrl = new Uri("https://github.com/acme/infra") });

    [Test]
    public async Task PublishAsync_FirstRunThenLaterRun_CreatesThenUpdatesExactlyOneComment()
    {
        await using var github = new FakeGitHubServer();
        github.Seed(PullRequest, 250, body: i => i == 120 ? "quoting <!-- infra-gitops:preview --> in the middle" : $"review comment {i}");
        var publisher = PublisherFor(github.ApiUrl);
        var first = SamplePreviews.Small();
        var second = SamplePreviews.Invalid();

        var created = await publisher.PublishAsync(first, Render(first));
        var updated = await publisher.PublishAsync(second, Render(second));

        var ours = github.Comments[PullRequest].Where(c => PreviewMarker.Marks(c.Body, PreviewMarker.Default)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(created, Is.InstanceOf<PublishSucceeded>().With.Property(nameof(PublishSucceeded.CommentCreated)).True, created.Message);
            Assert.That(updated, Is.InstanceOf<PublishSucceeded>().With.Property(nameof(PublishSucceeded.CommentCreated)).False, updated.Message);
            Assert.That(((PublishSucceeded)updated).CommentId, Is.EqualTo(((PublishSucceeded)created).CommentId));
            Assert.That(ours, Has.Count.EqualTo(1));
            Assert.That(ours[0].Body, Is.EqualTo(Render(second).Markdown));
            Assert.That(github.Comments[PullRequest], Has.Count.EqualTo(251));
            Assert.That(github.Requests.Select(r => r.Method + " " + r.Path), Has.Some.Match(@"^GET /repos/acme/infra/issues/7/comments\?.*per_page=100&page=3$"));
            Assert.That(github.Requests.Count(r => r.Method == "POST" && r.Path.EndsWith("/comments", StringComparison.Ordinal)), Is.EqualTo(1));
            Assert.That(github.Requests.Count(r => r.Method == "PATCH"), Is.EqualTo(1));
            Assert.That(github.Requests.All(r => r.Authorization?.EndsWith(Token, StringComparison.Ordinal) == true), Is.True);
        });
    }

    [Test]
    public async Task PublishAsync_Success_SetsCommitStatusOnHeadWithSummary()
    {
        await using var github = new FakeGitHubServer();
        var publisher = PublisherFor(github.ApiUrl);
        var clean = SamplePreviews.Small();
        var broken = SamplePreviews.Invalid();

        await publisher.PublishAsync(clean, Render(clean));
        await publisher.PublishAsync(broken, Render(broken));

        Assert.Multiple(() =>
        {
            Assert.That(github.Statuses, Has.Count.EqualTo(2));
            Assert.That(github.Statuses.Select(s => s.Sha), Is.All.EqualTo(SamplePreviews.Head));
            Assert.That(github.Statuses.Select(s => (string?)s.Status["context"]), Is.All.EqualTo(GitHubPublishOptions.StatusContext));
            Assert.That((string?)github.Statuses[0].Status["state"], Is.EqualTo("success"));
            Assert.That((string?)github.Statuses[0].Status["description"], Is.EqualTo("dev +1 ~1 -0 +-1"));
            Assert.That((string?)github.Statuses[1].Status["state"], Is.EqualTo("failure"));
            Assert.That((string?)github.Statuses[1].Status["description"], Is.EqualTo("dev +0 ~1 -0 +-0; prod invalid"));
        });
    }

    [Test]
    public async Task PublishAsync_StackFilter_KeepsItsOwnComment()
    {
        await using var github = new FakeGitHubServer();
        var publisher = PublisherFor(github.ApiUrl);
        var all = SamplePreviews.Small();
        var dev = all with { StackFilter = "dev" };

        await publisher.PublishAsync(all, Render(all));
        await publisher.PublishAsync(dev, Render(dev));
        await publisher.PublishAsync(dev, Render(dev));

        Assert.Multiple(() =>
        {
            Assert.That(github.Comments[PullRequest], Has.Count.EqualTo(2));
            Assert.That(github.Comments[PullRequest].Count(c => PreviewMarker.Marks(c.Body, PreviewMarker.For("dev"))), Is.EqualTo(1));
            Assert.That(github.Comments[PullRequest].Count(c => PreviewMarker.Marks(c.Body, PreviewMarker.Default)), Is.EqualTo(1));
        });
    }

    public sealed record FailureCase(string Name, string Pattern, int Status, PublishStep Step, bool CommentLeft, string Expected)
    {
        public override string ToString() => Name;
    }

    public static IEnumerable<FailureCase> FailureCases() =>
    [
        new("list 403", "^GET .*/comments", 403, PublishStep.FindComment, false, "403 Forbidden"),
        new("create 403", "^POST .*/issues/7/comments$", 403, PublishStep.WriteComment, false, "needs 'pull-requests: write'"),
        new("create 500", "^POST .*/issues/7/comments$", 500, PublishStep.WriteComment, false, "500 InternalServerError"),
        new("status 500", "^POST .*/statuses/", 500, PublishStep.SetStatus, true, "the commit status was not set"),
        new("list 401", "^GET .*/comments", 401, PublishStep.FindComment, false, "set GITHUB_TOKEN"),
    ];

    [TestCaseSource(nameof(FailureCases))]
    public async Task PublishAsync_GitHubError_FailsClearlyAtThatStep(FailureCase failure)
    {
        await using var github = new FakeGitHubServer();
        github.Failures[failure.Pattern] = (failure.Status, $"Echo {Token} Resource not accessible by integration");
        var preview = SamplePreviews.Small();

        var outcome = await PublisherFor(github.ApiUrl).PublishAsync(preview, Render(preview));

        Assert.That(outcome, Is.InstanceOf<PublishFailed>(), outcome.Message);
        var failed = (PublishFailed)outcome;
        Assert.Multiple(() =>
        {
            Assert.That(failed.FailedStep, Is.EqualTo(failure.Step));
            Assert.That(failed.StatusCode, Is.EqualTo(failure.Status));
            Assert.That(failed.Message, Does.Contain(failure.Expected));
            Assert.That(failed.Message, Does.Not.Contain(Token));
            Assert.That(failed.CommentId.HasValue, Is.EqualTo(failure.CommentLeft));
            Assert.That(github.Comments.GetValueOrDefault(PullRequest, []), Has.Count.EqualTo(failure.CommentLeft ? 1 : 0));
            Assert.That(github.Statuses, Is.Empty);
        });
    }

    [Test]
    public async Task PublishAsync_ConnectionRefused_FailsWithNetworkMessage()
    {
        var closedPort = FakeGitHubServer.FreePort();
        var preview = SamplePreviews.Small();

        var outcome = await PublisherFor(new Uri($"http://127.0.0.1:{closedPort}/api/v3/")).PublishAsync(preview, Render(preview));

        Assert.That(outcome, Is.InstanceOf<PublishFailed>());
        var failed = (PublishFailed)outcome;
        Assert.Multiple(() =>
        {
            Assert.That(failed.FailedStep, Is.EqualTo(PublishStep.FindComment));
            Assert.That(failed.StatusCode, Is.Null);
            Assert.That(failed.Message, Does.Contain("Could not reach GitHub"));
            Assert.That(failed.Message, Does.Contain("Nothing was posted"));
        });
    }

    [Test]
    public void RepositoryWebUrl_GitHubAndEnterprise_PointAtTheRepository()
    {
        var dotcom = new GitHubPublishOptions { Owner = "acme", Repository = "infra", PullRequestNumber = 1, Token = "t" };
        var enterprise = dotcom with { ApiBaseUrl = new Uri("https://git.acme.example/api/v3/") };

        Assert.Multiple(() =>
        {
            Assert.That(dotcom.RepositoryWebUrl.AbsoluteUri, Is.EqualTo("https://github.com/acme/infra"));
            Assert.That(enterprise.RepositoryWebUrl.AbsoluteUri, Is.EqualTo("https://git.acme.example/acme/infra"));
            Assert.That(dotcom.ToString(), Does.Not.Contain("t@").And.Not.Contain("Token"));
        });
    }
}
