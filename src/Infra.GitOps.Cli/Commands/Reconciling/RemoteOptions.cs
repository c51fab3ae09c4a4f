using System.CommandLine;
using Infra.GitOps.Git;
using Infra.GitOps.Reconciler.Events;
using Microsoft.Extensions.Logging;

namespace Infra.GitOps.Cli.Commands.Reconciling;

/// <summary>
/// The options of the commands that track a remote branch (<c>reconcile</c>, <c>rollback</c>, <c>serve</c>):
/// <c>--repo URL --branch B --state-dir DIR --cache-dir DIR --token-env NAME</c>, and the one way they open a
/// <see cref="ReconcilerSession"/>. <c>--state-dir</c> and <c>--cache-dir</c> default to the environment variables
/// <c>INFRA_GITOPS_STATE_DIR</c> and <c>INFRA_GITOPS_CACHE_DIR</c>, then to <c>.infra/state</c> and <c>.infra/cache</c>.
/// </summary>
public sealed class RemoteOptions
{
    /// <summary>The environment variable that gives <c>--state-dir</c> its default.</summary>
    public const string StateDirectoryVariable = "INFRA_GITOPS_STATE_DIR";

    /// <summary>The environment variable that gives <c>--cache-dir</c> its default.</summary>
    public const string CacheDirectoryVariable = "INFRA_GITOPS_CACHE_DIR";

    /// <summary><c>--repo URL</c>: the remote to track.</summary>
    public Option<string> Repo { get; } = new("--repo") { Description = "The remote to track: a path, file:// or https URL (no credentials in it: see --token-env).", Required = true };

    /// <summary><c>--branch NAME</c>.</summary>
    public Option<string> Branch { get; } = new("--branch") { Description = "The tracked branch.", DefaultValueFactory = _ => "main" };

    /// <summary><c>--state-dir DIR</c>.</summary>
    public Option<string> StateDirectory { get; } = new("--state-dir")
    {
        Description = $"Where state, status, the audit trail and requests live (default: ${StateDirectoryVariable} or .infra/state).",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(StateDirectoryVariable) is { Length: > 0 } value ? value : ".infra/state",
    };

    /// <summary><c>--cache-dir DIR</c>.</summary>
    public Option<string> CacheDirectory { get; } = new("--cache-dir", "--cache")
    {
        Description = $"Where the remote is mirrored (default: ${CacheDirectoryVariable} or .infra/cache).",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(CacheDirectoryVariable) is { Length: > 0 } value ? value : ".infra/cache",
    };

    /// <summary><c>--token-env NAME</c>: the environment variable holding an HTTPS token.</summary>
    public Option<string?> TokenVariable { get; } = new("--token-env") { Description = "The environment variable holding the HTTPS token for --repo (read at each fetch, never logged)." };

    /// <summary><c>--every-stack</c> (added by <c>reconcile</c> and <c>serve</c> themselves): no path filter.</summary>
    public Option<bool> EveryStack { get; } = new("--every-stack")
    {
        Description = "Run every stack when the branch moves, not only those whose files (stack file, project file, sources) changed since their last applied commit.",
    };

    /// <summary><c>--notify-url URL</c> (added by <c>reconcile</c> and <c>serve</c> themselves): where events are posted.</summary>
    public Option<string?> NotifyUrl { get; } = new("--notify-url")
    {
        Description = "Post each event (applied, failed, stalled, drift) as JSON to this http(s) URL, e.g. a Slack or Teams incoming webhook; its path is never logged.",
    };

    /// <summary><c>--notify-secret-env NAME</c>: the variable holding the HMAC key that signs the posts.</summary>
    public Option<string?> NotifySecretVariable { get; } = new("--notify-secret-env")
    {
        Description = "The environment variable holding the key that signs each post (header X-Infra-GitOps-Signature-256: sha256=HMAC of the body).",
    };

    /// <summary><c>--github-status OWNER/REPO</c>: set commit statuses on the repository's applied and failed commits.</summary>
    public Option<string?> GitHubStatus { get; } = new("--github-status")
    {
        Description = $"Set the commit status infra-gitops/reconcile/<stack> on each applied (success) or failed (failure) commit of OWNER/REPO; the token is read from {GitHubTokenVariable}.",
    };

    /// <summary><c>--github-api-url URL</c>: GitHub Enterprise Server's API.</summary>
    public Option<string?> GitHubApiUrl { get; } = new("--github-api-url")
    {
        Description = "The GitHub REST API for --github-status (default https://api.github.com/; https://HOST/api/v3/ for GitHub Enterprise Server).",
    };

    /// <summary>The environment variable holding the token for <c>--github-status</c>.</summary>
    public const string GitHubTokenVariable = "GITHUB_TOKEN";

    /// <summary>Adds <see cref="EveryStack"/> and the notification options to <paramref name="command"/>.</summary>
    public void AddReconcileOptionsTo(Command command)
    {
        command.Options.Add(EveryStack);
        command.Options.Add(NotifyUrl);
        command.Options.Add(NotifySecretVariable);
        command.Options.Add(GitHubStatus);
        command.Options.Add(GitHubApiUrl);
    }

    /// <summary>
    /// The notification sinks the options ask for (a webhook, GitHub commit statuses), or none. Throws
    /// <see cref="UsageException"/> for a URL that is not absolute http(s) or carries credentials, a
    /// <c>--notify-secret-env</c> variable that is not set, a repository not in OWNER/REPO form, or no token.
    /// </summary>
    public Notifiers NotifiersOf(ParseResult parseResult, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var sinks = new List<IEventSink>();
        try
        {
            if (WebhookOf(parseResult, loggerFactory) is { } webhook)
            {
                sinks.Add(webhook);
            }

            if (GitHubStatusOf(parseResult, loggerFactory) is { } statuses)
            {
                sinks.Add(statuses);
            }
        }
        catch
        {
            new Notifiers(sinks).Dispose();
            throw;
        }

        return new Notifiers(sinks);
    }

    private WebhookEventSink? WebhookOf(ParseResult parseResult, ILoggerFactory loggerFactory)
    {
        var variable = parseResult.GetValue(NotifySecretVariable);
        // Empty counts as not given: a service manager expands an unset ${NOTIFY_URL} to an empty argument.
        if (parseResult.GetValue(NotifyUrl) is not { } text || string.IsNullOrWhiteSpace(text))
        {
            return variable is null ? null : throw new UsageException("--notify-secret-env needs --notify-url");
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var url))
        {
            throw new UsageException("--notify-url: the notification URL must be an absolute http or https URL");
        }

        var secret = variable is null ? null : Environment.GetEnvironmentVariable(variable);
        if (variable is not null && string.IsNullOrEmpty(secret))
        {
            throw new UsageException($"--notify-secret-env names {variable}, which is not set");
        }

        try
        {
            return new WebhookEventSink(new WebhookEventSinkOptions { Url = url, Secret = secret }, loggerFactory.CreateLogger<WebhookEventSink>());
        }
        catch (ArgumentException exception)
        {
            throw new UsageException($"--notify-url: {exception.Message}");
        }
    }

    private GitHubStatusEventSink? GitHubStatusOf(ParseResult parseResult, ILoggerFactory loggerFactory)
    {
        var apiText = parseResult.GetValue(GitHubApiUrl);
        if (parseResult.GetValue(GitHubStatus) is not { } repository)
        {
            return apiText is null ? null : throw new UsageException("--github-api-url needs --github-status");
        }

        var parts = repository.Split('/');
        if (parts.Length != 2 || parts.Any(string.IsNullOrWhiteSpace))
        {
            throw new UsageException($"--github-status: '{repository}' is not OWNER/REPO");
        }

        if (Environment.GetEnvironmentVariable(GitHubTokenVariable) is not { } token || string.IsNullOrWhiteSpace(token))
        {
            throw new UsageException($"--github-status needs a token in {GitHubTokenVariable} (with 'statuses: write')");
        }

        var api = GitHubStatusEventSinkOptions.GitHubApiUrl;
        if (apiText is not null && !Uri.TryCreate(apiText, UriKind.Absolute, out api))
        {
            throw new UsageException("--github-api-url: the GitHub API URL must be an absolute http or https URL");
        }

        try
        {
            return new GitHubStatusEventSink(
                new GitHubStatusEventSinkOptions { ApiBaseUrl = api!, Owner = parts[0], Repository = parts[1], Token = token.Trim() },
                loggerFactory.CreateLogger<GitHubStatusEventSink>());
        }
        catch (ArgumentException exception)
        {
            throw new UsageException($"--github-api-url: {exception.Message}");
        }
    }

    /// <summary>Adds the options to <paramref name="command"/> (not those of <see cref="AddReconcileOptionsTo"/>).</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(Repo);
        command.Options.Add(Branch);
        command.Options.Add(StateDirectory);
        command.Options.Add(CacheDirectory);
        command.Options.Add(TokenVariable);
    }

    /// <summary>The tracked branch.</summary>
    public string BranchOf(ParseResult parseResult) => parseResult.GetRequiredValue(Branch);

    /// <summary>The state directory as an absolute path.</summary>
    public string StateDirectoryOf(ParseResult parseResult) => Path.GetFullPath(parseResult.GetRequiredValue(StateDirectory));

    /// <summary>Fetches the remote and opens the reconciler over it; see <see cref="ReconcilerSession.OpenAsync"/>.</summary>
    public Task<ReconcilerSession> OpenAsync(ParseResult parseResult, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        var mirror = new GitRemoteMirrorOptions
        {
            RemoteUrl = parseResult.GetRequiredValue(Repo),
            CacheDirectory = Path.GetFullPath(parseResult.GetRequiredValue(CacheDirectory)),
            TokenEnvironmentVariable = parseResult.GetValue(TokenVariable),
        };
        return ReconcilerSession.OpenAsync(mirror, BranchOf(parseResult), StateDirectoryOf(parseResult), loggerFactory, cancellationToken);
    }
}
