using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Infra.GitOps.Reconciler.Events;

/// <summary>
/// Sets a GitHub commit status on the commit each event concerns, as Flux's GitHub provider does: context
/// <c>infra-gitops/reconcile/&lt;stack&gt;</c>, state <c>success</c> for an applied revision and <c>failure</c> for a
/// failed, stalled or drifted one, the event's reason and message as description (GitHub keeps 140 characters), and
/// <see cref="GitHubStatusEventSinkOptions.TargetUrl"/> as link. An event without a commit sets nothing. Posts go to
/// <c>POST {api}/repos/{owner}/{repo}/statuses/{sha}</c> with the token as bearer; a failure is tried once more and then
/// logged as a warning (never the token), and never fails a run. Thread-safe.
/// </summary>
public sealed class GitHubStatusEventSink : IEventSink, IDisposable
{
    /// <summary>The status context of a stack is this prefix, a slash and the stack's name.</summary>
    public const string ContextPrefix = "infra-gitops/reconcile";

    /// <summary>The longest description GitHub keeps.</summary>
    public const int MaxDescription = 140;

    private readonly GitHubStatusEventSinkOptions options;
    private readonly EventPoster poster;
    private readonly ILogger<GitHubStatusEventSink> logger;
    private readonly string target;
    private readonly Uri api;

    /// <summary>Creates the sink.</summary>
    /// <exception cref="ArgumentException">The options are incomplete or the API URL is not absolute http(s).</exception>
    public GitHubStatusEventSink(GitHubStatusEventSinkOptions options, ILogger<GitHubStatusEventSink> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        options.Validate();
        this.options = options;
        this.logger = logger;
        target = $"{options.Owner}/{options.Repository}";

        // Relative paths resolve under the base only when it ends with a slash (https://HOST/api/v3/).
        api = options.ApiBaseUrl.AbsoluteUri.EndsWith('/') ? options.ApiBaseUrl : new Uri(options.ApiBaseUrl.AbsoluteUri + "/");
        poster = new EventPoster(options);
    }

    /// <inheritdoc />
    public async Task PublishAsync(ReconcileEvent reconcileEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reconcileEvent);
        if (reconcileEvent.Revision is not { Length: > 0 } sha)
        {
            return;
        }

        var body = Body(reconcileEvent, options.TargetUrl);
        var url = new Uri(api, $"repos/{Uri.EscapeDataString(options.Owner)}/{Uri.EscapeDataString(options.Repository)}/statuses/{Uri.EscapeDataString(sha)}");
        var failure = await poster.PostJsonAsync(
            url,
            body,
            headers =>
            {
                headers.Authorization = new AuthenticationHeaderValue("Bearer", options.Token);
                headers.Accept.ParseAdd("application/vnd.github+json");
                headers.TryAddWithoutValidation("X-GitHub-Api-Version", "2022-11-28");
            },
            cancellationToken).ConfigureAwait(false);
        if (failure is not null)
        {
            Log.NotificationFailed(logger, $"GitHub {target} (commit status)", reconcileEvent.Stack, reconcileEvent.Reason, failure);
        }
    }

    /// <inheritdoc />
    public void Dispose() => poster.Dispose();

    /// <summary>The status posted for <paramref name="reconcileEvent"/> (UTF-8 JSON).</summary>
    internal static byte[] Body(ReconcileEvent reconcileEvent, Uri? targetUrl)
    {
        var description = $"{reconcileEvent.Reason}: {reconcileEvent.Message}";
        if (description.Length > MaxDescription)
        {
            description = string.Concat(description.AsSpan(0, MaxDescription - 3), "...");
        }

        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("state", reconcileEvent.IsWarning ? "failure" : "success");
            writer.WriteString("context", $"{ContextPrefix}/{reconcileEvent.Stack}");
            writer.WriteString("description", description);
            if (targetUrl is not null)
            {
                writer.WriteString("target_url", targetUrl.AbsoluteUri);
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}

/// <summary>Settings of a <see cref="GitHubStatusEventSink"/>.</summary>
public sealed class GitHubStatusEventSinkOptions : EventPostOptions
{
    /// <summary>github.com's REST API.</summary>
    public static Uri GitHubApiUrl { get; } = new("https://api.github.com/");

    /// <summary>The REST API's base address (<c>https://HOST/api/v3/</c> for GitHub Enterprise Server).</summary>
    public Uri ApiBaseUrl { get; init; } = GitHubApiUrl;

    /// <summary>The repository's owner.</summary>
    public required string Owner { get; init; }

    /// <summary>The repository's name.</summary>
    public required string Repository { get; init; }

    /// <summary>A token that may write commit statuses (<c>statuses: write</c>); never logged.</summary>
    public required string Token { get; init; }

    /// <summary>Where each status links to (a dashboard), or null.</summary>
    public Uri? TargetUrl { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> for missing parts or an API URL that is not absolute http(s).</summary>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Owner);
        ArgumentException.ThrowIfNullOrWhiteSpace(Repository);
        ArgumentException.ThrowIfNullOrWhiteSpace(Token);
        ValidatePosting(ApiBaseUrl, "GitHub API URL");
    }
}
