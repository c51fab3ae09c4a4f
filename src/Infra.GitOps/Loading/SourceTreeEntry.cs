namespace Infra.GitOps.Loading;

/// <summary>A file of a <see cref="ISourceTree"/>.</summary>
/// <param name="Path">Relative to the repository root, <c>/</c>-separated.</param>
/// <param name="Length">Size in bytes (of the link text for a symbolic link).</param>
/// <param name="IsSymbolicLink">True for a symbolic link: loaders never follow one out of the repository.</param>
/// <param name="LinkTarget">The link's target as written, or null.</param>
public sealed record SourceTreeEntry(string Path, long Length, bool IsSymbolicLink, string? LinkTarget);
