using System.Collections.Immutable;

namespace Infra.GitOps.Loading;

/// <summary>
/// The files of a working directory. Lists every file and symbolic link below the root, skipping directories
/// (and files) named <c>.git</c>, <c>bin</c>, <c>obj</c> and <c>.infra</c> at any depth. Symbolic links, to files
/// or directories, are reported as links with their target and never followed: not when listing, not when
/// reading. Paths are <c>/</c>-separated and relative to the root. Safe to use from several threads; it holds no
/// state but the root.
/// </summary>
public sealed class DirectorySourceTree : ISourceTree
{
    private static readonly ImmutableHashSet<string> Skipped = ImmutableHashSet.Create(StringComparer.Ordinal, ".git", "bin", "obj", ".infra");

    private static readonly EnumerationOptions Enumeration = new()
    {
        RecurseSubdirectories = false,
        IgnoreInaccessible = true,
        AttributesToSkip = 0,
        ReturnSpecialDirectories = false,
    };

    /// <summary>Creates a tree over <paramref name="root"/> (made absolute); the directory must exist when listed.</summary>
    public DirectorySourceTree(string root)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        Root = Path.GetFullPath(root);
    }

    /// <summary>The root directory, absolute.</summary>
    public string Root { get; }

    /// <inheritdoc />
    public string Description => Root;

    /// <inheritdoc />
    public string? Revision => null;

    /// <summary>Lists the tree; throws <see cref="DirectoryNotFoundException"/> when the root does not exist.</summary>
    public Task<ImmutableArray<SourceTreeEntry>> ListAsync(CancellationToken cancellationToken)
    {
        if (!Directory.Exists(Root))
        {
            throw new DirectoryNotFoundException($"'{Root}' does not exist");
        }

        var entries = ImmutableArray.CreateBuilder<SourceTreeEntry>();
        var pending = new Stack<(DirectoryInfo Directory, string Prefix)>();
        pending.Push((new DirectoryInfo(Root), string.Empty));
        while (pending.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (directory, prefix) = pending.Pop();
            foreach (var item in directory.EnumerateFileSystemInfos("*", Enumeration))
            {
                if (Skipped.Contains(item.Name))
                {
                    continue;
                }

                var path = prefix + item.Name;
                var target = item.LinkTarget;
                if (target is not null)
                {
                    entries.Add(new SourceTreeEntry(path, target.Length, IsSymbolicLink: true, target));
                }
                else if (item is DirectoryInfo subdirectory)
                {
                    pending.Push((subdirectory, path + "/"));
                }
                else if (item is FileInfo file)
                {
                    entries.Add(new SourceTreeEntry(path, file.Length, IsSymbolicLink: false, LinkTarget: null));
                }
            }
        }

        entries.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return Task.FromResult(entries.ToImmutable());
    }

    /// <summary>
    /// Reads a regular file of the tree. Throws <see cref="FileNotFoundException"/> when the path is not relative,
    /// climbs out with <c>..</c>, crosses a symbolic link or is not a regular file.
    /// </summary>
    public Task<byte[]> ReadAllBytesAsync(string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Length == 0 || path.StartsWith('/') || path.Contains('\\', StringComparison.Ordinal) || Path.IsPathRooted(path))
        {
            throw new FileNotFoundException($"'{path}' is not a relative path of the tree", path);
        }

        var current = Root;
        foreach (var segment in path.Split('/'))
        {
            if (segment is "" or "." or "..")
            {
                throw new FileNotFoundException($"'{path}' is not a normalised path of the tree", path);
            }

            current = Path.Combine(current, segment);
            var info = new FileInfo(current);
            if (info.LinkTarget is not null)
            {
                throw new FileNotFoundException($"'{path}' goes through a symbolic link, which is never followed", path);
            }
        }

        if (!File.Exists(current))
        {
            throw new FileNotFoundException($"'{path}' is not a file of the tree", path);
        }

        return File.ReadAllBytesAsync(current, cancellationToken);
    }
}
