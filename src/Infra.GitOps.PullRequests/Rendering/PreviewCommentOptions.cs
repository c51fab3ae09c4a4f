namespace Infra.GitOps.PullRequests.Rendering;

/// <summary>How a preview comment is rendered.</summary>
public sealed record PreviewCommentOptions
{
    /// <summary>GitHub's limit on an issue comment's body, in characters.</summary>
    public const int GitHubCommentLimit = 65_536;

    /// <summary>
    /// The web address of the repository (<c>https://github.com/OWNER/REPO</c>, or a GitHub Enterprise one):
    /// diagnostics link to <c>{RepositoryUrl}/blob/{head}/{path}#L{line}</c> and commits to their page. Null
    /// (GitLab, Azure DevOps, a file) prints locations and commits as plain text.
    /// </summary>
    public Uri? RepositoryUrl { get; init; }

    /// <summary>The longest comment to produce; details are cut, fairly between stacks, to stay within it.</summary>
    public int MaxLength { get; init; } = GitHubCommentLimit;

    /// <summary>At most this many changed resources appear in a stack's diagram.</summary>
    public int MaxDiagramNodes { get; init; } = 50;
}
