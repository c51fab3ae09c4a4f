using System.Net;
using System.Text;
using Infra.GitOps.Reconciler.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using NUnit.Framework;

namespace Infra.GitOps.Reconciler.Tests.Hosting;

[Category("Integration")]
public class WebhookServerTests
{
    private const string Secret = "webhook-test-secret";
    private ReconcileSignal signal = null!;
    private ReconcilerHealth health = null!;
    private WebhookServer server = null!;
    private HttpClient client = null!;

    [SetUp]
    public async Task SetUpAsync()
    {
        signal = new ReconcileSignal();
        health = new ReconcilerHealth();
        health.SetRunning(true);
        var options = new ReconcilerOptions
        {
            ListenAddress = new Uri("http://127.0.0.1:0"),
            WebhookSecret = Secret,
            MaxWebhookBodyBytes = 64 * 1024,
        };
        server = new WebhookServer(options, signal, health, NullLogger<WebhookServer>.Instance);
        await server.StartAsync(CancellationToken.None);
        client = new HttpClient { BaseAddress = server.Address };
    }

    [TearDown]
    public async Task TearDownAsync()
    {
        client.Dispose();
        await server.StopAsync(CancellationToken.None);
        await server.DisposeAsync();
    }

    private static HttpRequestMessage Push(string body, string? signature, string eventName = "push")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/hooks/github") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-GitHub-Event", eventName);
        if (signature is not null)
        {
            request.Headers.Add(WebhookSignature.HeaderName, signature);
        }

        return request;
    }

    private static string Signed(string body) => WebhookSignature.Compute(Encoding.UTF8.GetBytes(body), Secret);

    [Test]
    [CancelAfter(20000)]
    public async Task Post_GoodSignatureForTrackedBranch_AcceptsAndWakesTheLoop(CancellationToken cancellationToken)
    {
        const string body = """{"ref":"refs/heads/main","after":"abc"}""";

        using var response = await client.SendAsync(Push(body, Signed(body)), cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
            Assert.That(signal.Requests, Is.EqualTo(1));
        });
        Assert.That(await signal.WaitAsync(TimeSpan.FromSeconds(5), TimeProvider.System, cancellationToken), Is.True);
    }

    [Test]
    [CancelAfter(20000)]
    public async Task Post_BadSignature_Is401AndWakesNothing(CancellationToken cancellationToken)
    {
        const string body = """{"ref":"refs/heads/main"}""";

        using var response = await client.SendAsync(Push(body, Signed(body + " ")), cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(signal.Requests, Is.Zero);
        });
    }

    [Test]
    [CancelAfter(20000)]
    public async Task Post_MissingSignature_Is401AndWakesNothing(CancellationToken cancellationToken)
    {
        using var response = await client.SendAsync(Push("""{"ref":"refs/heads/main"}""", null), cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(signal.Requests, Is.Zero);
        });
    }

    [Test]
    [CancelAfter(20000)]
    public async Task Post_OtherBranch_IsAcceptedButIgnored(CancellationToken cancellationToken)
    {
        const string body = """{"ref":"refs/heads/feature"}""";

        using var response = await client.SendAsync(Push(body, Signed(body)), cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
            Assert.That(signal.Requests, Is.Zero);
        });
    }

    [Test]
    [CancelAfter(20000)]
    public async Task Post_Ping_IsOkAndWakesNothing(CancellationToken cancellationToken)
    {
        const string body = """{"zen":"Keep it logically awesome."}""";

        using var response = await client.SendAsync(Push(body, Signed(body), "ping"), cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(signal.Requests, Is.Zero);
        });
    }

    [Test]
    [CancelAfter(20000)]
    public async Task Post_SignedButNotJson_Is400(CancellationToken cancellationToken)
    {
        const string body = "{not json";

        using var response = await client.SendAsync(Push(body, Signed(body)), cancellationToken);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    [CancelAfter(20000)]
    public async Task Post_HugeBody_IsRefusedAndWakesNothing(CancellationToken cancellationToken)
    {
        var body = """{"ref":"refs/heads/main","pad":" """ + new string('x', 200 * 1024) + "\"}";

        using var response = await client.SendAsync(Push(body, Signed(body)), cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
            Assert.That(signal.Requests, Is.Zero);
        });
    }

    [Test]
    [CancelAfter(20000)]
    public async Task Get_Healthz_ReportsTheLoop(CancellationToken cancellationToken)
    {
        using var running = await client.GetAsync("/healthz", cancellationToken);
        health.SetRunning(false);
        using var stopped = await client.GetAsync("/healthz", cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(running.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(stopped.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        });
    }

    [Test]
    [CancelAfter(20000)]
    public async Task Post_NoSecretConfigured_Is401(CancellationToken cancellationToken)
    {
        var options = new ReconcilerOptions { ListenAddress = new Uri("http://127.0.0.1:0"), WebhookSecret = null };
        await using var open = new WebhookServer(options, signal, health, NullLogger<WebhookServer>.Instance);
        await open.StartAsync(cancellationToken);
        using var unsecured = new HttpClient { BaseAddress = open.Address };
        const string body = """{"ref":"refs/heads/main"}""";

        using var response = await unsecured.SendAsync(Push(body, Signed(body)), cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(signal.Requests, Is.Zero);
        });
        await open.StopAsync(cancellationToken);
    }

    private static HttpRequestMessage Manual(string? bearer, string query = "")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, WebhookServer.ReconcilePath + query);
        if (bearer is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearer);
        }

        return request;
    }

    [Test]
    [CancelAfter(20000)]
    public async Task PostReconcile_WithTheSecretAsBearer_WakesTheLoop(CancellationToken cancellationToken)
    {
        using var response = await client.SendAsync(Manual(Secret), cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
            Assert.That(signal.Requests, Is.EqualTo(1));
        });
    }

    [TestCase(null)]
    [TestCase("not-the-secret")]
    [TestCase(Secret + "x")]
    [CancelAfter(20000)]
    public async Task PostReconcile_WithoutTheSecret_Is401AndWakesNothing(string? bearer, CancellationToken cancellationToken)
    {
        using var response = await client.SendAsync(Manual(bearer), cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(signal.Requests, Is.Zero);
        });
    }

    [Test]
    [CancelAfter(20000)]
    public async Task PostReconcile_StackWithoutAReconciler_Is400(CancellationToken cancellationToken)
    {
        using var response = await client.SendAsync(Manual(Secret, "?stack=dev"), cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(signal.Requests, Is.Zero);
        });
    }

    [Test]
    [CancelAfter(20000)]
    public async Task PostReconcile_Stack_LeavesAManualRequestAndWakesTheLoop(CancellationToken cancellationToken)
    {
        using var directory = new Support.TempDirectory();
        var options = new ReconcilerOptions { StateDirectory = directory.Path, ListenAddress = new Uri("http://127.0.0.1:0"), WebhookSecret = Secret };
        var scripted = new Support.ScriptedRepository();
        var reconciler = new Reconciler(options, scripted, scripted, new Support.LockingStateStore(), new Support.ScriptedRunner(), new Support.RecordingEventSink(), TimeProvider.System, NullLogger<Reconciler>.Instance);
        var wakes = new ReconcileSignal();
        await using var withReconciler = new WebhookServer(options, wakes, health, NullLogger<WebhookServer>.Instance, reconciler);
        await withReconciler.StartAsync(cancellationToken);
        using var other = new HttpClient { BaseAddress = withReconciler.Address };

        using var accepted = await other.SendAsync(Manual(Secret, "?stack=dev"), cancellationToken);
        using var invalid = await other.SendAsync(Manual(Secret, "?stack=../etc"), cancellationToken);
        var request = await reconciler.Requests.PeekAsync("dev", cancellationToken);
        await withReconciler.StopAsync(cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
            Assert.That(invalid.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(request?.Kind, Is.EqualTo(Requests.ReconcileRequestKind.Manual));
            Assert.That(wakes.Requests, Is.EqualTo(1));
        });
    }

    [Test]
    [CancelAfter(20000)]
    public async Task GetMetricsAndStatus_AfterAPass_ShowEachStack(CancellationToken cancellationToken)
    {
        using var directory = new Support.TempDirectory();
        var options = new ReconcilerOptions { StateDirectory = directory.Path, ListenAddress = new Uri("http://127.0.0.1:0"), WebhookSecret = Secret };
        var scripted = new Support.ScriptedRepository();
        scripted.Commit("first", null, Support.ScriptedRepository.Stack("dev"), Support.ScriptedRepository.Invalid("web", Model.Diagnostic.Error("GO2010", "unknown network", new Model.SourceLocation("infra/vm.yaml", 3, 12))));
        var reconciler = new Reconciler(options, scripted, scripted, new Support.LockingStateStore(), new Support.ScriptedRunner(), new Support.RecordingEventSink(), TimeProvider.System, NullLogger<Reconciler>.Instance);
        await reconciler.RunPassAsync(cancellationToken);
        health.PassFinished(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));
        await using var withReconciler = new WebhookServer(options, new ReconcileSignal(), health, NullLogger<WebhookServer>.Instance, reconciler);
        await withReconciler.StartAsync(cancellationToken);
        using var other = new HttpClient { BaseAddress = withReconciler.Address };

        using var response = await other.GetAsync(WebhookServer.MetricsPath, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        using var statusRequest = new HttpRequestMessage(HttpMethod.Get, WebhookServer.StatusPath);
        statusRequest.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Secret);
        using var status = await other.SendAsync(statusRequest, cancellationToken);
        using var statusJson = System.Text.Json.JsonDocument.Parse(await status.Content.ReadAsStringAsync(cancellationToken));
        using var anonymous = await other.GetAsync(WebhookServer.StatusPath, cancellationToken);
        await withReconciler.StopAsync(cancellationToken);

        var samples = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith('#')).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.Content.Headers.ContentType?.ToString(), Does.StartWith("text/plain").And.Contain("version=0.0.4"));
            Assert.That(samples, Does.Contain("infra_gitops_up 1"));
            Assert.That(samples, Does.Contain("infra_gitops_last_pass_timestamp_seconds 1772352000"));
            Assert.That(samples, Does.Contain("infra_gitops_stack_ready{stack=\"dev\"} 1"));
            Assert.That(samples, Does.Contain("infra_gitops_stack_ready{stack=\"web\"} 0"));
            Assert.That(samples, Does.Contain("infra_gitops_stack_stalled{stack=\"web\"} 1"));
            Assert.That(samples, Does.Contain("infra_gitops_stack_failures{stack=\"dev\"} 0"));
            Assert.That(samples.Count(l => l.StartsWith("infra_gitops_stack_last_applied_timestamp_seconds", StringComparison.Ordinal)), Is.EqualTo(1), "web was never applied");
            Assert.That(text, Does.Contain("# TYPE infra_gitops_stack_ready gauge"));
            Assert.That(status.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(statusJson.RootElement.EnumerateArray().Select(s => (s.GetProperty("stack").GetString(), s.GetProperty("result").GetString())), Is.EqualTo(new[] { ("dev", "Succeeded"), ("web", "Stalled") }));
            Assert.That(anonymous.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "status documents want the bearer secret");
        });
    }
}
