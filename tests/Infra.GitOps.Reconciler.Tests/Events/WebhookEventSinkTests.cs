using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Infra.GitOps.Reconciler.Events;
using Infra.GitOps.Reconciler.Tests.Support;
using NUnit.Framework;

namespace Infra.GitOps.Reconciler.Tests.Events;

/// <summary>The webhook sink against a real HTTP endpoint on loopback (standing in for a chat or webhook receiver).</summary>
[Category("Integration")]
public class WebhookEventSinkTests
{
    private const string Token = "T000-secret-path-token";
    private static readonly ReconcileEvent Failed = new(
        new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero), "dev", "0123456789abcdef0123456789abcdef01234567", true, "ApplyFailed", "create web: quota exceeded");

    private LoopbackHttpServer server = null!;
    private CapturingLogger<WebhookEventSink> logger = null!;

    [SetUp]
    public void SetUp()
    {
        server = new LoopbackHttpServer();
        logger = new CapturingLogger<WebhookEventSink>();
    }

    [TearDown]
    public void TearDown() => server.Dispose();

    private WebhookEventSink Sink(string? secret = null, TimeSpan? timeout = null) => new(
        new WebhookEventSinkOptions { Url = server.UrlOf($"/hooks/{Token}?x=1"), Secret = secret, Timeout = timeout ?? TimeSpan.FromSeconds(10), RetryDelay = TimeSpan.FromMilliseconds(50) },
        logger);

    [Test]
    [CancelAfter(20000)]
    public async Task PublishAsync_PostsTheEventAsJson_SignedWithTheSecret(CancellationToken cancellationToken)
    {
        using var sink = Sink(secret: "s3cret");

        await sink.PublishAsync(Failed, cancellationToken);

        var request = server.Requests.Single();
        using var json = JsonDocument.Parse(request.Body);
        var root = json.RootElement;
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes("s3cret"), request.Body));
        Assert.Multiple(() =>
        {
            Assert.That(request.Method, Is.EqualTo("POST"));
            Assert.That(request.PathAndQuery, Is.EqualTo($"/hooks/{Token}?x=1"));
            Assert.That(request.Headers["Content-Type"], Does.StartWith("application/json"));
            Assert.That(request.Headers[WebhookEventSink.SignatureHeader], Is.EqualTo(expected));
            Assert.That(root.GetProperty("stack").GetString(), Is.EqualTo("dev"));
            Assert.That(root.GetProperty("revision").GetString(), Is.EqualTo(Failed.Revision));
            Assert.That(root.GetProperty("severity").GetString(), Is.EqualTo("warning"));
            Assert.That(root.GetProperty("reason").GetString(), Is.EqualTo("ApplyFailed"));
            Assert.That(root.GetProperty("message").GetString(), Is.EqualTo("create web: quota exceeded"));
            Assert.That(root.GetProperty("text").GetString(), Is.EqualTo("warning: stack dev at 0123456: ApplyFailed: create web: quota exceeded"));
            Assert.That(root.GetProperty("time").GetDateTimeOffset(), Is.EqualTo(Failed.Time));
            Assert.That(logger.Lines, Is.Empty);
        });
    }

    [Test]
    [CancelAfter(20000)]
    public async Task PublishAsync_WithoutSecret_SendsNoSignature(CancellationToken cancellationToken)
    {
        using var sink = Sink();

        await sink.PublishAsync(Failed with { IsWarning = false, Revision = null }, cancellationToken);

        var request = server.Requests.Single();
        Assert.Multiple(() =>
        {
            Assert.That(request.Headers.ContainsKey(WebhookEventSink.SignatureHeader), Is.False);
            Assert.That(JsonDocument.Parse(request.Body).RootElement.GetProperty("text").GetString(), Is.EqualTo("info: stack dev: ApplyFailed: create web: quota exceeded"));
        });
    }

    [Test]
    [CancelAfter(20000)]
    public async Task PublishAsync_ServerErrorThenSuccess_DeliveredOnTheSecondAttempt(CancellationToken cancellationToken)
    {
        server.Answer = n => n == 1 ? 503 : 204;
        using var sink = Sink();

        await sink.PublishAsync(Failed, cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(server.Requests, Has.Count.EqualTo(2));
            Assert.That(server.Requests.Select(r => r.Body).Distinct(new BytesComparer()).Count(), Is.EqualTo(1), "the same body twice");
            Assert.That(logger.Lines, Is.Empty);
        });
    }

    [Test]
    [CancelAfter(20000)]
    public async Task PublishAsync_ServerAlwaysFails_LogsAWarningWithoutThePathAndDoesNotThrow(CancellationToken cancellationToken)
    {
        server.Answer = _ => 500;
        using var sink = Sink();

        await sink.PublishAsync(Failed, cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(server.Requests, Has.Count.EqualTo(2));
            Assert.That(logger.Lines.Single(), Does.Contain($"http://127.0.0.1:{server.Port}").And.Contain("500").And.Contain("dev"));
            Assert.That(logger.Lines.Single(), Does.Not.Contain(Token).And.Not.Contain("/hooks"));
        });
    }

    [Test]
    [CancelAfter(20000)]
    public async Task PublishAsync_EndpointNeverAnswers_GivesUpAfterTwoTimeouts(CancellationToken cancellationToken)
    {
        server.Answer = _ => -1;
        using var sink = Sink(timeout: TimeSpan.FromMilliseconds(300));
        var clock = System.Diagnostics.Stopwatch.StartNew();

        await sink.PublishAsync(Failed, cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)));
            Assert.That(logger.Lines.Single(), Does.Contain("no answer within 0.3 s"));
        });
    }

    [Test]
    [CancelAfter(20000)]
    public async Task PublishAsync_NothingListens_LogsTheConnectionError(CancellationToken cancellationToken)
    {
        var port = server.Port;
        server.Dispose();
        using var sink = new WebhookEventSink(
            new WebhookEventSinkOptions { Url = new Uri($"http://127.0.0.1:{port}/hooks/{Token}"), RetryDelay = TimeSpan.Zero }, logger);

        await sink.PublishAsync(Failed, cancellationToken);

        Assert.That(logger.Lines.Single(), Does.Contain("ConnectionError").And.Not.Contain(Token));
    }

    [TestCase("ftp://example.org/hook")]
    [TestCase("/relative/hook")]
    [TestCase("https://user:pass@example.org/hook")]
    public void Create_InvalidUrl_IsRefused(string url)
    {
        var options = new WebhookEventSinkOptions { Url = new Uri(url, UriKind.RelativeOrAbsolute) };

        Assert.That(() => new WebhookEventSink(options, logger), Throws.ArgumentException);
    }

    private sealed class BytesComparer : IEqualityComparer<byte[]>
    {
        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] obj) => obj.Length;
    }
}
