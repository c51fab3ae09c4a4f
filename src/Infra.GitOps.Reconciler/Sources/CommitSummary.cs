namespace Infra.GitOps.Reconciler.Sources;

/// <summary>A commit as the audit trail shows it.</summary>
/// <param name="Sha">The full commit id.</param>
/// <param name="Author">The author, <c>Name &lt;email&gt;</c>.</param>
/// <param name="Message">The subject line.</param>
public sealed record CommitSummary(string Sha, string Author, string Message)
{
    /// <summary>The first 7 characters of <see cref="Sha"/>.</summary>
    public string ShortSha => Sha.Length > 7 ? Sha[..7] : Sha;
}
