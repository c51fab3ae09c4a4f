namespace Infra.GitOps.Git;

/// <summary>Where a <see cref="GitRemoteMirror"/> fetches from and where it keeps its bare clone.</summary>
public sealed class GitRemoteMirrorOptions
{
    /// <summary>
    /// The remote: a local path, a <c>file://</c> URL or an HTTPS URL. It must not carry a password or token
    /// (<c>https://user:token@host/...</c>): secrets come from <see cref="TokenEnvironmentVariable"/>.
    /// </summary>
    public required string RemoteUrl { get; init; }

    /// <summary>The folder holding the mirrors (one bare repository per remote URL); created when missing.</summary>
    public required string CacheDirectory { get; init; }

    /// <summary>
    /// The name of the environment variable holding the HTTPS token, or null for anonymous access. Read at each
    /// fetch, so a rotated token is picked up without a restart. The token never appears in logs or errors.
    /// </summary>
    public string? TokenEnvironmentVariable { get; init; }

    /// <summary>The user name sent with the token (GitHub accepts any; <c>x-access-token</c> by convention).</summary>
    public string UserName { get; init; } = "x-access-token";
}
