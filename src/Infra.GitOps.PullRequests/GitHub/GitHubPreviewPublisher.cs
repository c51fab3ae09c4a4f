using System.Globalization;
using Infra.GitOps.PullRequests.Preview;
using Infra.GitOps.PullRequests.Rendering;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Octokit;
using ProductHeaderValue = Octokit.ProductHeaderValue;

namespace Infra.GitOps.PullRequests.GitHub;

/// <summary>
/// Posts a rendered preview to a GitHub pull request with Octokit: finds the earlier preview comment by its
/// marker (paging through every comment), updates it, or creates one when there is none, so a pull request only
/// ever has one preview comment per stack filter; then sets the commit status <see cref="GitHubPublishOptions.StatusContext"/>
/// on the head commit. Comment first, status last: a failure never leaves a status describing a comment that
/// was not written. GitHub and network errors become a <see cref="PublishFailed"/> naming the step and what to
/// check; they are never thrown. Cancellation is thrown as <see cref="OperationCanceledException"/>.
/// </summary>
public sealed class GitHubPreviewPublisher
{
    private const int PageSize = 100;

    private readonly GitHubPublishOptions options;
    private readonly IGitHubClient client;
    private readonly ILogger logger;

    /// <summary>Creates a publisher for one pull request.</summary>
    public GitHubPreviewPublisher(GitHubPublishOptions options, ILogger<GitHubPreviewPublisher>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.Owner);
        ArgumentException.ThrowIfNullOrEmpty(options.Repository);
        ArgumentException.ThrowIfNullOrEmpty(options.Token);
        this.options = options;
        this.logger = (ILogger?)logger ?? NullLogger.Instance;
        var github = new GitHubClient(new ProductHeaderValue("infra-gitops"), options.ApiBaseUrl)
        {
            Credentials = new Credentials(options.Token),
        };
        github.SetRequestTimeout(options.RequestTimeout);
        client = github;
    }

    /// <summary>
    /// Writes <paramref name="comment"/> on the pull request (update of the comment carrying the same marker, or
    /// a new one) and sets the commit status on <see cref="PullRequestPreview.HeadCommit"/>: <c>success</c>
    /// when every stack was planned, <c>failure</c> otherwise, with <see cref="PreviewStatusText.Describe"/> as
    /// description.
    /// </summary>
    public async Task<PublishOutcome> PublishAsync(PullRequestPreview preview, PreviewComment comment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(preview);
        ArgumentNullException.ThrowIfNull(comment);
        var target = $"{options.Owner}/{options.Repository}#{options.PullRequestNumber.ToString(CultureInfo.InvariantCulture)}";

        IssueComment? existing;
        try
        {
            var all = await client.Issue.Comment
                .GetAllForIssue(options.Owner, options.Repository, options.PullRequestNumber, new ApiOptions { PageSize = PageSize })
                .WaitAsync(cancellationToken).ConfigureAwait(false);
            existing = all.FirstOrDefault(c => PreviewMarker.Marks(c.Body, comment.Marker));
        }
        catch (Exception error) when (IsGitHubFailure(error, cancellationToken))
        {
            return Failed(PublishStep.FindComment, null, error, $"listing the comments of {target}", "Nothing was posted.");
        }

        IssueComment written;
        try
        {
            written = existing is null
                ? await client.Issue.Comment.Create(options.Owner, options.Repository, options.PullRequestNumber, comment.Markdown)
                    .WaitAsync(cancellationToken).ConfigureAwait(false)
                : await client.Issue.Comment.Update(options.Owner, options.Repository, existing.Id, comment.Markdown)
                    .WaitAsync(cancellationToken).ConfigureAwait(false);
            Log.CommentWritten(logger, existing is null ? "Created" : "Updated", written.Id, target);
        }
        catch (Exception error) when (IsGitHubFailure(error, cancellationToken))
        {
            var action = existing is null ? $"creating the preview comment on {target}" : $"updating preview comment {existing.Id} on {target}";
            return Failed(PublishStep.WriteComment, null, error, action, "Nothing was posted; the commit status was not set.");
        }

        var state = preview.HasErrors ? CommitState.Failure : CommitState.Success;
        try
        {
            var status = new NewCommitStatus
            {
                State = state,
                Context = GitHubPublishOptions.StatusContext,
                Description = PreviewStatusText.Describe(preview),
                TargetUrl = options.StatusTargetUrl?.AbsoluteUri ?? written.HtmlUrl,
            };
            await client.Repository.Status.Create(options.Owner, options.Repository, preview.HeadCommit, status)
                .WaitAsync(cancellationToken).ConfigureAwait(false);
            Log.StatusSet(logger, GitHubPublishOptions.StatusContext, state.ToString(), preview.HeadCommit);
        }
        catch (Exception error) when (IsGitHubFailure(error, cancellationToken))
        {
            return Failed(
                PublishStep.SetStatus,
                written.Id,
                error,
                $"setting the commit status {GitHubPublishOptions.StatusContext} on {preview.HeadCommit}",
                $"The preview comment was {(existing is null ? "created" : "updated")} ({written.HtmlUrl}); the commit status was not set.");
        }

        var verb = existing is null ? "Created" : "Updated";
        return new PublishSucceeded(
            written.Id,
            written.HtmlUrl,
            existing is null,
            $"{verb} the preview comment {written.HtmlUrl} and set the commit status {GitHubPublishOptions.StatusContext} ({state.ToString().ToLowerInvariant()}) on {preview.HeadCommit}.");
    }

    // Octokit throws ApiException (and subclasses) for GitHub's answers, HttpRequestException for the network,
    // and TaskCanceledException for its own timeout; our caller's cancellation is not a GitHub failure.
    private static bool IsGitHubFailure(Exception error, CancellationToken cancellationToken) =>
        error is ApiException or HttpRequestException or IOException
        || (error is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    private PublishFailed Failed(PublishStep step, long? commentId, Exception error, string action, string consequence)
    {
        var (statusCode, reason) = error switch
        {
            AuthorizationException api => ((int?)api.StatusCode, $"GitHub answered {(int)api.StatusCode} Unauthorized ({Clean(api.Message)}). The token is missing, expired or wrong: set {GitHubPublishOptions.TokenVariable}."),
            ForbiddenException api => ((int?)api.StatusCode, $"GitHub answered {(int)api.StatusCode} Forbidden ({Clean(api.Message)}). The token may not write here: it needs 'pull-requests: write' (or 'issues: write') and 'statuses: write'; a workflow run from a fork gets a read-only token."),
            NotFoundException api => ((int?)api.StatusCode, $"GitHub answered {(int)api.StatusCode} Not Found ({Clean(api.Message)}). Check the repository {options.Owner}/{options.Repository}, the pull request number and the API address {options.ApiBaseUrl}."),
            ApiException api => ((int?)api.StatusCode, $"GitHub answered {(int)api.StatusCode} {api.StatusCode} ({Clean(api.Message)}). Try again later."),
            OperationCanceledException => (null, $"GitHub did not answer within {options.RequestTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s."),
            _ => (null, $"Could not reach GitHub at {options.ApiBaseUrl} ({Clean(error.Message)}). Check the network and the API address."),
        };
        var message = $"Failed {action}: {reason} {consequence}";
        Log.PublishFailed(logger, step.ToString(), message);
        return new PublishFailed(step, commentId, statusCode, message);
    }

    // Error messages come from the server: keep one line, and never echo the token should a proxy reflect it.
    private string Clean(string? message)
    {
        var text = (message ?? string.Empty).Replace('\r', ' ').Replace('\n', ' ').Trim();
        if (options.Token.Length > 0)
        {
            text = text.Replace(options.Token, "[secret]", StringComparison.Ordinal);
        }

        return text.Length > 300 ? text[..300] + "..." : text;
    }
}
