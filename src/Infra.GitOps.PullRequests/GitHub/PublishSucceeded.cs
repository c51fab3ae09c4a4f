namespace Infra.GitOps.PullRequests.GitHub;

/// <summary>The comment was written and the commit status set.</summary>
/// <param name="CommentId">The comment's id.</param>
/// <param name="CommentUrl">The comment's web address.</param>
/// <param name="CommentCreated">True when this run created the comment; false when it updated the earlier one.</param>
/// <param name="Message">What happened.</param>
public sealed record PublishSucceeded(long CommentId, string? CommentUrl, bool CommentCreated, string Message) : PublishOutcome(Message);
