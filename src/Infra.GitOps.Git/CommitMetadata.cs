namespace Infra.GitOps.Git;

/// <summary>What the reconciler, the audit log and PR previews show about a commit.</summary>
/// <param name="Sha">The full 40-hex commit id.</param>
/// <param name="AuthorName">The author's name as recorded in the commit.</param>
/// <param name="AuthorEmail">The author's email as recorded in the commit.</param>
/// <param name="Subject">The first line of the commit message, without its line ending.</param>
/// <param name="AuthoredAt">When the commit was authored, with the author's UTC offset.</param>
public sealed record CommitMetadata(
    string Sha,
    string AuthorName,
    string AuthorEmail,
    string Subject,
    DateTimeOffset AuthoredAt);
