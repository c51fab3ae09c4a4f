using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Text;
using Infra.GitOps.Loading;
using LibGit2Sharp;

namespace Infra.GitOps.Git;

/// <summary>
/// The files of one commit, read from the object database of a <see cref="GitRepository"/> without a checkout.
/// Symbolic links are reported as links (their target is the blob's text) and never followed; submodules
/// (gitlinks) are skipped, their files live in another repository. Entries whose name could escape the root
/// (<c>.</c>, <c>..</c>, names with a slash, backslash or NUL, which only a hand-crafted tree holds) are skipped.
/// </summary>
/// <remarks>
/// Thread-safe: reads go through the owning repository's lock. Valid until the owning <see cref="GitRepository"/>
/// is disposed; afterwards every read throws <see cref="ObjectDisposedException"/>. The listing is computed once
/// and cached (a commit's tree never changes).
/// </remarks>
public sealed class GitCommitSourceTree : ISourceTree
{
    // PATH_MAX on Linux: a longer "link" is not a link anyone can create with a file system.
    private const int MaxLinkTargetLength = 4096;

    private readonly GitRepository _repository;
    private readonly ObjectId _treeId;
    // A box, so that the cached listing is published with one reference write.
    private volatile StrongBox<ImmutableArray<SourceTreeEntry>>? _entries;

    internal GitCommitSourceTree(GitRepository repository, string commitSha, ObjectId treeId)
    {
        _repository = repository;
        _treeId = treeId;
        Revision = commitSha;
    }

    /// <summary><c>commit 1a2b3c4</c>: the abbreviated sha.</summary>
    public string Description => "commit " + Revision[..7];

    /// <summary>The full sha of the commit.</summary>
    public string Revision { get; }

    /// <inheritdoc />
    /// <remarks>
    /// Lengths come from the object headers (<c>git_odb_read_header</c>): a large blob's content is not read.
    /// A symbolic link's <see cref="SourceTreeEntry.LinkTarget"/> is its blob decoded as UTF-8, or null when the
    /// blob is longer than 4096 bytes.
    /// </remarks>
    public Task<ImmutableArray<SourceTreeEntry>> ListAsync(CancellationToken cancellationToken)
    {
        if (_entries is { } cached)
        {
            return Task.FromResult(cached.Value);
        }

        return _repository.ReadAsync(
            repository =>
            {
                _entries ??= new StrongBox<ImmutableArray<SourceTreeEntry>>(Walk(repository, cancellationToken));
                return _entries.Value;
            },
            cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>Returns the blob's bytes exactly as committed: no line-ending or other filters.</remarks>
    /// <exception cref="FileNotFoundException">
    /// The path is not a regular file of the tree: missing, a directory, a symbolic link, a submodule, or not a
    /// normalized relative path.
    /// </exception>
    /// <exception cref="GitOpsException">The file is larger than 2 GiB.</exception>
    public Task<byte[]> ReadAllBytesAsync(string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        return _repository.ReadAsync(repository => ReadBlob(repository, path), cancellationToken);
    }

    /// <inheritdoc />
    public override string ToString() => Description;

    private byte[] ReadBlob(Repository repository, string path)
    {
        if (!IsNormalizedRelativePath(path)
            || repository.Lookup<Tree>(_treeId)[path] is not { } entry
            || entry.Mode is not (Mode.NonExecutableFile or Mode.ExecutableFile or Mode.NonExecutableGroupWritableFile))
        {
            throw new FileNotFoundException($"'{path}' is not a file of {Description}.", path);
        }

        var blob = (Blob)entry.Target;
        long size = blob.Size;
        if (size > Array.MaxLength)
        {
            throw new GitOpsException($"'{path}' of {Description} is {size} bytes: too large to read.");
        }

        return ReadContent(blob, (int)size);
    }

    private static byte[] ReadContent(Blob blob, int size)
    {
        var bytes = new byte[size];
        using Stream content = blob.GetContentStream();
        content.ReadExactly(bytes);
        return bytes;
    }

    private static ImmutableArray<SourceTreeEntry> Walk(Repository repository, Tree root, CancellationToken cancellationToken)
    {
        var entries = ImmutableArray.CreateBuilder<SourceTreeEntry>();

        // An explicit stack: a hostile repository can nest trees deeper than the thread's stack allows recursion.
        var pending = new Stack<(Tree Tree, string Prefix)>();
        pending.Push((root, string.Empty));
        while (pending.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            (Tree tree, string prefix) = pending.Pop();
            foreach (TreeEntry entry in tree)
            {
                if (!IsSafeName(entry.Name))
                {
                    continue;
                }

                string path = prefix + entry.Name;
                switch (entry.Mode)
                {
                    case Mode.Directory:
                        pending.Push(((Tree)entry.Target, path + "/"));
                        break;
                    case Mode.NonExecutableFile or Mode.ExecutableFile or Mode.NonExecutableGroupWritableFile:
                        long length = repository.ObjectDatabase.RetrieveObjectMetadata(entry.Target.Id).Size;
                        entries.Add(new SourceTreeEntry(path, length, IsSymbolicLink: false, LinkTarget: null));
                        break;
                    case Mode.SymbolicLink:
                        long linkLength = repository.ObjectDatabase.RetrieveObjectMetadata(entry.Target.Id).Size;
                        string? target = linkLength <= MaxLinkTargetLength
                            ? Encoding.UTF8.GetString(ReadContent((Blob)entry.Target, (int)linkLength))
                            : null;
                        entries.Add(new SourceTreeEntry(path, linkLength, IsSymbolicLink: true, target));
                        break;
                    default:
                        // Mode.GitLink: a submodule's commit, whose files are not in this repository.
                        break;
                }
            }
        }

        // Git orders tree entries by bytes with "/" appended to directory names; callers want ordinal paths.
        entries.Sort(static (left, right) => string.CompareOrdinal(left.Path, right.Path));
        return entries.DrainToImmutable();
    }

    private ImmutableArray<SourceTreeEntry> Walk(Repository repository, CancellationToken cancellationToken) =>
        Walk(repository, repository.Lookup<Tree>(_treeId), cancellationToken);

    private static bool IsSafeName(string name) =>
        name.Length > 0 && name is not "." and not ".." && name.IndexOfAny(['/', '\\', '\0']) < 0;

    private static bool IsNormalizedRelativePath(string path)
    {
        if (path.Length == 0)
        {
            return false;
        }

        foreach (string segment in path.Split('/'))
        {
            if (!IsSafeName(segment))
            {
                return false;
            }
        }

        return true;
    }
}
