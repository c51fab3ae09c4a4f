namespace Infra.GitOps.PullRequests.GitHub;

/// <summary>
/// Posting stopped at <see cref="FailedStep"/>. The comment is written before the status, so a failure at
/// <see cref="PublishStep.SetStatus"/> leaves a complete comment (<see cref="CommentId"/>) and no status, and an
/// earlier failure leaves nothing new on GitHub.
/// </summary>
/// <param name="FailedStep">The step that failed.</param>
/// <param name="CommentId">The comment written before the failure, or null when none was.</param>
/// <param name="StatusCode">The HTTP status GitHub answered with, or null for a network failure.</param>
/// <param name="Message">What failed and what to check.</param>
public sealed record PublishFailed(PublishStep FailedStep, long? CommentId, int? StatusCode, string Message) : PublishOutcome(Message);
