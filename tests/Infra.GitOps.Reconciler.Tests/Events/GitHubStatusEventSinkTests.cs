using System.Text.Json;
using Infra.GitOps.Reconciler.Events;
using Infra.GitOps.Reconciler.Tests.Support;
using NUnit.Framework;

namespace Infra.GitOps.Reconciler.Tests.Events;

/// <summary>
/// The commit-status sink against a fake GitHub: a real HTTP endpoint on loopback that records what GitHub's REST API
/// would receive (GitHub itself cannot run here).
/// </summary>
[Category("Integration")]
public class GitHubStatusEventSinkTests
{
    private const string Token = "ghp_test-token-never-logged";
    private const string Sha = "0123456789abcdef0123456789abcdef01234567";
    private static readonly ReconcileEvent Applied = new(DateTimeOffset.UnixEpoch, "dev", Sha, false, "ReconcileSucceeded", "applied 0123456 (first): +2");

    private LoopbackHttpServer github = null!;
    private CapturingLogger<GitHubStatusEventSink> logger = null!;

    [SetUp]
    public void SetUp()
    {
        github = new LoopbackHttpServer();
        logger = new CapturingLogger<GitHubStatusEventSink>();
    }

    [TearDown]
    public void TearDown() => github.Dispose();

    private GitHubStatusEventSink Sink(string api = "/api/v3") => new(
        new GitHubStatusEventSinkOptions
        {
            ApiBaseUrl = github.UrlOf(api),
            Owner = "acme",
            Repository = "infra",
            Token = Token,
            TargetUrl = new Uri("https://dash.example.org/stacks/dev"),
            RetryDelay = TimeSpan.FromMilliseconds(20),
        },
        logger);

    [Test]
    [CancelAfter(20000)]
    public async Task PublishAsync_Applied_SetsASuccessStatusOnTheCommit(CancellationToken cancellationToken)
    {
        using var sink = Sink();

        await sink.PublishAsync(Applied, cancellationToken);

        var request = github.Requests.Single();
        var body = JsonDocument.Parse(request.Body).RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(request.Method, Is.EqualTo("POST"));
            Assert.That(request.PathAndQuery, Is.EqualTo($"/api/v3/repos/acme/infra/statuses/{Sha}"));
            Assert.That(request.Headers["Authorization"], Is.EqualTo($"Bearer {Token}"));
            Assert.That(request.Headers["Accept"], Is.EqualTo("application/vnd.github+json"));
            Assert.That(body.GetProperty("state").GetString(), Is.EqualTo("success"));
            Assert.That(body.GetProperty("context").GetString(), Is.EqualTo("infra-gitops/reconcile/dev"));
            Assert.That(body.GetProperty("description").GetString(), Is.EqualTo("ReconcileSucceeded: applied 0123456 (first): +2"));
            Assert.That(body.GetProperty("target_url").GetString(), Is.EqualTo("https://dash.example.org/stacks/dev"));
        });
    }

    [Test]
    [CancelAfter(20000)]
    public async Task PublishAsync_WarningWithALongMessage_SetsFailureWithA140CharacterDescription(CancellationToken cancellationToken)
    {
        using var sink = Sink("/api/v3/");

        await sink.PublishAsync(Applied with { IsWarning = true, Reason = "ApplyFailed", Message = new string('x', 500) }, cancellationToken);

        var body = JsonDocument.Parse(github.Requests.Single().Body).RootElement;
        var description = body.GetProperty("description").GetString()!;
        Assert.Multiple(() =>
        {
            Assert.That(github.Requests.Single().PathAndQuery, Does.StartWith("/api/v3/repos/"), "a base with or without its trailing slash");
            Assert.That(body.GetProperty("state").GetString(), Is.EqualTo("failure"));
            Assert.That(description, Has.Length.EqualTo(GitHubStatusEventSink.MaxDescription));
            Assert.That(description, Does.StartWith("ApplyFailed: xxx").And.EndWith("..."));
        });
    }

    [Test]
    [CancelAfter(20000)]
    public async Task PublishAsync_EventWithoutACommit_SetsNothing(CancellationToken cancellationToken)
    {
        using var sink = Sink();

        await sink.PublishAsync(Applied with { Revision = null }, cancellationToken);

        Assert.That(github.Requests, Is.Empty);
    }

    [Test]
    [CancelAfter(20000)]
    public async Task PublishAsync_GitHubRefuses_TriesTwiceAndLogsWithoutTheToken(CancellationToken cancellationToken)
    {
        github.Answer = _ => 403;
        using var sink = Sink();

        await sink.PublishAsync(Applied, cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(github.Requests, Has.Count.EqualTo(2));
            Assert.That(logger.Lines.Single(), Does.Contain("acme/infra").And.Contain("403"));
            Assert.That(logger.Lines.Single(), Does.Not.Contain(Token));
        });
    }

    [Test]
    public void Create_MissingToken_IsRefused() =>
        Assert.That(
            () => new GitHubStatusEventSink(new GitHubStatusEventSinkOptions { Owner = "acme", Repository = "infra", Token = " " }, logger),
            Throws.ArgumentException);
}
