using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Infra.GitOps.Reconciler.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Infra.GitOps.Reconciler.Hosting;

/// <summary>
/// The HTTP endpoint of <c>serve</c> (Kestrel on <see cref="ReconcilerOptions.ListenAddress"/>):
/// <c>POST {WebhookPath}</c> takes GitHub push webhooks, checks <c>X-Hub-Signature-256</c> and wakes the loop for a
/// push to the tracked branch (202); a missing or bad signature, or no configured secret, is 401 and wakes
/// nothing; <c>POST /reconcile[?stack=S]</c> is the manual trigger: with <c>Authorization: Bearer &lt;the webhook
/// secret&gt;</c> it wakes the loop at once (202), and with a stack it first leaves a manual request for it, so that
/// the stack runs even when up to date, stalled or backing off; <c>GET /healthz</c> is 200 while the loop runs,
/// else 503; <c>GET /status</c> (with the bearer secret) is every stack's status document; <c>GET /metrics</c> is the stacks' status for Prometheus (<see cref="PrometheusMetrics"/>; no secret in it,
/// and no authentication, as scrapers expect: the endpoint listens on loopback unless told otherwise).
/// </summary>
public sealed class WebhookServer : IAsyncDisposable
{
    private readonly ReconcilerOptions options;
    private readonly ReconcileSignal signal;
    private readonly ReconcilerHealth health;
    private readonly ILogger logger;
    private readonly Reconciler? reconciler;
    private WebApplication? application;

    /// <summary>
    /// Creates the server; <see cref="StartAsync"/> binds it. Without <paramref name="reconciler"/>, the manual
    /// trigger only wakes the loop and refuses a stack (400).
    /// </summary>
    public WebhookServer(ReconcilerOptions options, ReconcileSignal signal, ReconcilerHealth health, ILogger<WebhookServer> logger, Reconciler? reconciler = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(signal);
        ArgumentNullException.ThrowIfNull(health);
        ArgumentNullException.ThrowIfNull(logger);
        this.options = options;
        this.signal = signal;
        this.health = health;
        this.logger = logger;
        this.reconciler = reconciler;
    }

    /// <summary>The path of the manual trigger.</summary>
    public const string ReconcilePath = "/reconcile";

    /// <summary>The path of the stacks' status documents (as <c>infra-gitops status --json</c>).</summary>
    public const string StatusPath = "/status";

    /// <summary>The path of the Prometheus metrics (<see cref="PrometheusMetrics"/>).</summary>
    public const string MetricsPath = "/metrics";

    /// <summary>The bound address (with the real port when the configured one was 0), after <see cref="StartAsync"/>.</summary>
    public Uri? Address { get; private set; }

    /// <summary>Binds and starts serving. Throws when <see cref="ReconcilerOptions.ListenAddress"/> is not set or the address is taken.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var listen = options.ListenAddress ?? throw new InvalidOperationException("ReconcilerOptions.ListenAddress is not set");
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(listen.GetLeftPart(UriPartial.Authority));
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = options.MaxWebhookBodyBytes);
        var app = builder.Build();
        app.MapGet("/healthz", () => health.IsRunning
            ? Results.Json(new { status = "ok", lastPassFinished = health.LastPassFinished })
            : Results.Json(new { status = "stopped" }, statusCode: StatusCodes.Status503ServiceUnavailable));
        app.MapGet(MetricsPath, async (CancellationToken cancellationToken) =>
        {
            var statuses = reconciler is null ? [] : await reconciler.GetStatusAsync(cancellationToken).ConfigureAwait(false);
            return Results.Text(PrometheusMetrics.Render(statuses, health), PrometheusMetrics.ContentType);
        });
        app.MapGet(StatusPath, HandleStatusAsync);
        app.MapPost(options.WebhookPath, HandleWebhookAsync);
        app.MapPost(ReconcilePath, HandleManualAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        application = app;
        Address = new Uri(app.Urls.First());
        Log.Listening(logger, Address.ToString());
    }

    /// <summary>Stops serving; requests in flight finish.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (application is { } app)
        {
            await app.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (application is { } app)
        {
            application = null;
            await app.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// <c>GET /status</c>: every stack's stored status as a JSON array, the shape of <c>infra-gitops status --json</c>.
    /// It holds outputs (masked, but addresses and names all the same), so it wants the bearer secret, as the manual
    /// trigger does.
    /// </summary>
    private async Task<IResult> HandleStatusAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!IsBearer(request.Headers.Authorization.FirstOrDefault(), options.WebhookSecret))
        {
            Log.WebhookRefused(logger, "status request without the bearer secret");
            return Results.Unauthorized();
        }

        var statuses = reconciler is null ? [] : await reconciler.GetStatusAsync(cancellationToken).ConfigureAwait(false);
        return Results.Text(StatusStore.ToJson(statuses), "application/json; charset=utf-8");
    }

    private async Task<IResult> HandleManualAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!IsBearer(request.Headers.Authorization.FirstOrDefault(), options.WebhookSecret))
        {
            Log.WebhookRefused(logger, "manual trigger without the bearer secret");
            return Results.Unauthorized();
        }

        var stack = request.Query["stack"].FirstOrDefault();
        if (stack is not null)
        {
            if (reconciler is null || !ReconcilerPaths.IsValidStackName(stack))
            {
                return Results.BadRequest(new { status = "invalid", reason = $"'{stack}' is not a stack name this server can request" });
            }

            var submitted = await reconciler.RequestReconcileAsync(stack, overrideDeleteLimit: false, cancellationToken).ConfigureAwait(false);
            Log.ManualTrigger(logger, stack);
            signal.Request();
            return Results.Accepted(value: new { status = "accepted", stack, request = submitted.Id });
        }

        Log.ManualTrigger(logger, "*");
        signal.Request();
        return Results.Accepted(value: new { status = "accepted" });
    }

    // The same secret as the webhook's, compared in constant time; no secret configured means no manual trigger.
    private static bool IsBearer(string? header, string? secret)
    {
        const string Scheme = "Bearer ";
        if (string.IsNullOrEmpty(secret) || header is null || !header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var claimed = Encoding.UTF8.GetBytes(header[Scheme.Length..].Trim());
        var expected = Encoding.UTF8.GetBytes(secret);
        return CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(claimed), SHA256.HashData(expected));
    }

    private async Task<IResult> HandleWebhookAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        byte[] body;
        try
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            body = buffer.ToArray();
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            Log.WebhookRefused(logger, "body too large");
            return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }

        if (string.IsNullOrEmpty(options.WebhookSecret))
        {
            Log.WebhookRefused(logger, "no webhook secret is configured");
            return Results.Unauthorized();
        }

        if (!WebhookSignature.IsValid(body, request.Headers[WebhookSignature.HeaderName].FirstOrDefault(), options.WebhookSecret))
        {
            Log.WebhookRefused(logger, "missing or bad " + WebhookSignature.HeaderName);
            return Results.Unauthorized();
        }

        var kind = request.Headers["X-GitHub-Event"].FirstOrDefault();
        if (kind == "ping")
        {
            return Results.Ok(new { status = "pong" });
        }

        if (kind != "push")
        {
            return Results.Accepted(value: new { status = "ignored", reason = $"event '{kind}'" });
        }

        string? pushedRef;
        try
        {
            using var document = JsonDocument.Parse(body);
            pushedRef = document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("ref", out var value) && value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : null;
        }
        catch (JsonException)
        {
            return Results.BadRequest(new { status = "invalid", reason = "the body is not JSON" });
        }

        // Tag pushes wake the loop too: a stack may pin a tag (reconcile.revision).
        if (pushedRef is null || (pushedRef != "refs/heads/" + options.Branch && !pushedRef.StartsWith("refs/tags/", StringComparison.Ordinal)))
        {
            return Results.Accepted(value: new { status = "ignored", reason = $"ref '{pushedRef}' is not tracked" });
        }

        Log.WebhookAccepted(logger, pushedRef);
        signal.Request();
        return Results.Accepted(value: new { status = "accepted", @ref = pushedRef });
    }
}
