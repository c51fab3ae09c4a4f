namespace Infra.GitOps.PullRequests.Previewing;

/// <summary>What to preview: <c>infra-gitops pr-preview --repo PATH --base REF --head REF [--stack S]</c>.</summary>
/// <param name="RepositoryPath">The Git repository (working directory or bare).</param>
/// <param name="BaseRevision">The pull request's base (branch, tag or SHA).</param>
/// <param name="HeadRevision">The pull request's head.</param>
/// <param name="StackFilter">Preview only this stack (even when the change does not touch it), or null.</param>
public sealed record PullRequestPreviewRequest(string RepositoryPath, string BaseRevision, string HeadRevision, string? StackFilter = null);
