namespace Infra.GitOps.PullRequests.GitHub;

/// <summary>
/// What posting a preview did. Closed hierarchy: <see cref="PublishSucceeded"/> or <see cref="PublishFailed"/>.
/// <see cref="Message"/> is a one-paragraph explanation for people; it never holds the token.
/// </summary>
/// <param name="Message">What happened.</param>
public abstract record PublishOutcome(string Message);
