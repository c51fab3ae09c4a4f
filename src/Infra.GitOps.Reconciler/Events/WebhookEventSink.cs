using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Infra.GitOps.Reconciler.Events;

/// <summary>
/// Posts each event as JSON to one URL, as Flux's generic webhook provider and Argo CD's webhook notifications do:
/// <c>{"time", "stack", "revision", "severity": "info"|"warning", "reason", "message", "text"}</c>, where <c>text</c> is
/// a one-line summary, so that Slack's and Teams' incoming webhooks show it as it is. With a secret the body is signed
/// as GitHub signs its webhooks: <c>X-Infra-GitOps-Signature-256: sha256=&lt;hex HMAC-SHA256 of the body&gt;</c>.
/// <para>
/// An answer other than 2xx, a network error or a timeout (<see cref="EventPostOptions.Timeout"/>) is tried
/// once more after <see cref="EventPostOptions.RetryDelay"/>, then logged as a warning: a notification never
/// fails a run. Logs name the URL's scheme, host and port only: the path and query of a chat webhook are its token.
/// </para>
/// Thread-safe.
/// </summary>
public sealed class WebhookEventSink : IEventSink, IDisposable
{
    /// <summary>The signature header.</summary>
    public const string SignatureHeader = "X-Infra-GitOps-Signature-256";

    private readonly WebhookEventSinkOptions options;
    private readonly EventPoster poster;
    private readonly ILogger<WebhookEventSink> logger;
    private readonly string target;

    /// <summary>Creates the sink.</summary>
    /// <exception cref="ArgumentException">The URL is not absolute http(s), or carries credentials.</exception>
    public WebhookEventSink(WebhookEventSinkOptions options, ILogger<WebhookEventSink> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        options.Validate();
        this.options = options;
        this.logger = logger;
        target = options.Url.GetLeftPart(UriPartial.Authority);
        poster = new EventPoster(options);
    }

    /// <inheritdoc />
    public async Task PublishAsync(ReconcileEvent reconcileEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reconcileEvent);
        var body = Serialize(reconcileEvent);
        var signature = options.Secret is { Length: > 0 } secret ? Sign(body, secret) : null;
        var failure = await poster.PostJsonAsync(
            options.Url,
            body,
            headers =>
            {
                if (signature is not null)
                {
                    headers.TryAddWithoutValidation(SignatureHeader, signature);
                }
            },
            cancellationToken).ConfigureAwait(false);
        if (failure is not null)
        {
            Log.NotificationFailed(logger, target, reconcileEvent.Stack, reconcileEvent.Reason, failure);
        }
    }

    /// <inheritdoc />
    public void Dispose() => poster.Dispose();

    /// <summary>The body posted for <paramref name="reconcileEvent"/> (UTF-8 JSON).</summary>
    internal static byte[] Serialize(ReconcileEvent reconcileEvent)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("time", reconcileEvent.Time);
            writer.WriteString("stack", reconcileEvent.Stack);
            writer.WriteString("revision", reconcileEvent.Revision);
            writer.WriteString("severity", reconcileEvent.IsWarning ? "warning" : "info");
            writer.WriteString("reason", reconcileEvent.Reason);
            writer.WriteString("message", reconcileEvent.Message);
            var commit = reconcileEvent.Revision is { Length: >= 7 } revision ? $" at {revision[..7]}" : string.Empty;
            writer.WriteString("text", $"{(reconcileEvent.IsWarning ? "warning" : "info")}: stack {reconcileEvent.Stack}{commit}: {reconcileEvent.Reason}: {reconcileEvent.Message}");
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The signature header's value: <c>sha256=</c> and the lowercase hex HMAC-SHA256 of <paramref name="body"/>.</summary>
    internal static string Sign(byte[] body, string secret) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret), body));
}

/// <summary>Settings of a <see cref="WebhookEventSink"/>.</summary>
public sealed class WebhookEventSinkOptions : EventPostOptions
{
    /// <summary>The absolute http or https URL posted to (its path and query are treated as secret: never logged).</summary>
    public required Uri Url { get; init; }

    /// <summary>The HMAC key that signs each body, or null for unsigned posts.</summary>
    public string? Secret { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> for a URL that is not absolute http(s) or that carries credentials.</summary>
    public void Validate()
    {
        ValidatePosting(Url, "notification URL");
        if (!string.IsNullOrEmpty(Url.UserInfo))
        {
            throw new ArgumentException("the notification URL must not carry credentials (user:password@); sign the posts with a secret instead", nameof(Url));
        }
    }
}
