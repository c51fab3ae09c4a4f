using System.CommandLine;
using System.Text.RegularExpressions;
using Infra.GitOps.PullRequests.GitHub;

namespace Infra.GitOps.Cli.Commands;

/// <summary>
/// The options of <c>pr-preview</c> that post to GitHub: <c>--github-repository OWNER/REPO</c>,
/// <c>--pull-request N</c>, <c>--github-api-url URL</c>; the token comes from <c>GITHUB_TOKEN</c>, never from the
/// command line (which CI logs and process lists show).
/// </summary>
public sealed partial class GitHubPostingOptions
{
    /// <summary><c>--github-repository OWNER/REPO</c>: post to this repository's pull request.</summary>
    public Option<string?> Repository { get; } = new("--github-repository")
    {
        Description = $"Post the preview to this GitHub repository (OWNER/REPO) with the token in {GitHubPublishOptions.TokenVariable}; needs --pull-request.",
    };

    /// <summary><c>--pull-request N</c>.</summary>
    public Option<int?> PullRequest { get; } = new("--pull-request")
    {
        Description = "The pull request's number: its preview comment is created once and updated on later runs.",
    };

    /// <summary><c>--github-api-url URL</c>: the REST API's address (GitHub Enterprise Server).</summary>
    public Option<string?> ApiUrl { get; } = new("--github-api-url")
    {
        Description = $"GitHub's REST API address (default {GitHubPublishOptions.GitHubApiUrl}; GitHub Enterprise: https://HOST/api/v3).",
    };

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(Repository);
        command.Options.Add(PullRequest);
        command.Options.Add(ApiUrl);
    }

    /// <summary>
    /// Where to post, or null when posting was not asked for. Reads the token from the environment.
    /// </summary>
    /// <exception cref="UsageException">An option is malformed, one of repository and pull request is missing,
    /// or the token is not set.</exception>
    public GitHubPublishOptions? ToPublishOptions(ParseResult parseResult)
    {
        var repository = parseResult.GetValue(Repository);
        var pullRequest = parseResult.GetValue(PullRequest);
        var apiUrl = parseResult.GetValue(ApiUrl);
        if (repository is null && pullRequest is null)
        {
            return apiUrl is null ? null : throw new UsageException("--github-api-url needs --github-repository and --pull-request");
        }

        if (repository is null || pullRequest is null)
        {
            throw new UsageException("posting to GitHub needs both --github-repository OWNER/REPO and --pull-request N");
        }

        if (!RepositoryPattern().IsMatch(repository))
        {
            throw new UsageException($"--github-repository must be OWNER/REPO, not '{repository}'");
        }

        if (pullRequest < 1)
        {
            throw new UsageException("--pull-request must be a pull request number (1 or more)");
        }

        var api = GitHubPublishOptions.GitHubApiUrl;
        if (apiUrl is not null)
        {
            if (!Uri.TryCreate(apiUrl, UriKind.Absolute, out var parsed) || (parsed.Scheme != Uri.UriSchemeHttps && parsed.Scheme != Uri.UriSchemeHttp))
            {
                throw new UsageException($"--github-api-url must be an http(s) address, not '{apiUrl}'");
            }

            // Relative paths resolve against the base address only below a trailing slash (github.api_url has none).
            api = parsed.AbsolutePath.EndsWith('/') ? parsed : new Uri(parsed.AbsoluteUri + "/");
        }

        var token = GitHubPublishOptions.TokenFromEnvironment()
            ?? throw new UsageException(
                $"posting to GitHub needs a token: set the {GitHubPublishOptions.TokenVariable} environment variable " +
                "(in GitHub Actions: env: GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}, with permissions pull-requests: write and statuses: write)");
        var slash = repository.IndexOf('/', StringComparison.Ordinal);
        return new GitHubPublishOptions
        {
            ApiBaseUrl = api,
            Owner = repository[..slash],
            Repository = repository[(slash + 1)..],
            PullRequestNumber = pullRequest.Value,
            Token = token,
        };
    }

    // GitHub's rules: owners are alphanumerics and single hyphens; repository names add '.' and '_'.
    [GeneratedRegex("^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}$")]
    private static partial Regex RepositoryPattern();
}
