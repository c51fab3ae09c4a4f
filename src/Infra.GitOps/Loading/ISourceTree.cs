using System.Collections.Immutable;

namespace Infra.GitOps.Loading;

/// <summary>
/// The files of an infra repository at one point: a working directory or a Git commit read from the object
/// database. Paths are relative to the repository root, <c>/</c>-separated, and never escape it.
/// Implementations are safe to read from several threads.
/// </summary>
public interface ISourceTree
{
    /// <summary>What the tree is, for messages: a directory path or <c>commit 1a2b3c4</c>.</summary>
    string Description { get; }

    /// <summary>The commit the tree was read from, or null for a working directory.</summary>
    string? Revision { get; }

    /// <summary>Every file and symbolic link in the tree, ordered by path (ordinal).</summary>
    Task<ImmutableArray<SourceTreeEntry>> ListAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Reads a regular file's bytes. Throws <see cref="FileNotFoundException"/> when the path is not a regular
    /// file of the tree. Callers check <see cref="SourceTreeEntry.Length"/> before reading large files.
    /// </summary>
    Task<byte[]> ReadAllBytesAsync(string path, CancellationToken cancellationToken);
}
