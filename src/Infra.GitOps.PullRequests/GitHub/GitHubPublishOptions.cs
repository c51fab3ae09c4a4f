namespace Infra.GitOps.PullRequests.GitHub;

/// <summary>Where and how <see cref="GitHubPreviewPublisher"/> posts a preview.</summary>
public sealed record GitHubPublishOptions
{
    /// <summary>The environment variable the token is read from.</summary>
    public const string TokenVariable = "GITHUB_TOKEN";

    /// <summary>The status context set on the head commit.</summary>
    public const string StatusContext = "infra-gitops/preview";

    /// <summary>github.com's REST API.</summary>
    public static Uri GitHubApiUrl { get; } = new("https://api.github.com/");

    /// <summary>
    /// The REST API's base address: <see cref="GitHubApiUrl"/> for github.com, <c>https://HOST/api/v3/</c> (or
    /// just <c>https://HOST/</c>) for GitHub Enterprise Server.
    /// </summary>
    public Uri ApiBaseUrl { get; init; } = GitHubApiUrl;

    /// <summary>The repository's owner (user or organisation).</summary>
    public required string Owner { get; init; }

    /// <summary>The repository's name.</summary>
    public required string Repository { get; init; }

    /// <summary>The pull request's number.</summary>
    public required int PullRequestNumber { get; init; }

    /// <summary>The token (from <see cref="TokenVariable"/>); never logged or shown.</summary>
    public required string Token { get; init; }

    /// <summary>Longest wait for one request.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Where the commit status links to (the CI run), or null.</summary>
    public Uri? StatusTargetUrl { get; init; }

    /// <summary>
    /// The repository's web address for links in the comment: <c>https://github.com/OWNER/REPO</c> for
    /// github.com, <c>https://HOST/OWNER/REPO</c> for GitHub Enterprise Server.
    /// </summary>
    public Uri RepositoryWebUrl
    {
        get
        {
            var host = ApiBaseUrl.Host.Equals("api.github.com", StringComparison.OrdinalIgnoreCase)
                ? new Uri("https://github.com/")
                : new Uri(ApiBaseUrl.GetLeftPart(UriPartial.Authority) + "/");
            return new Uri(host, $"{Uri.EscapeDataString(Owner)}/{Uri.EscapeDataString(Repository)}");
        }
    }

    /// <summary>The token from the <see cref="TokenVariable"/> environment variable, or null when unset or empty.</summary>
    public static string? TokenFromEnvironment()
    {
        var token = Environment.GetEnvironmentVariable(TokenVariable);
        return string.IsNullOrWhiteSpace(token) ? null : token.Trim();
    }

    /// <summary>Never prints the token.</summary>
    public override string ToString() => $"{Owner}/{Repository}#{PullRequestNumber} via {ApiBaseUrl}";
}
