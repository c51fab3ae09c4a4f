using System.Collections.Immutable;
using Infra.GitOps.Loading;
using Infra.GitOps.Model;
using LibGit2Sharp;

namespace Infra.GitOps.Git;

/// <summary>
/// Which stacks a move between two commits touches: a stack is affected when a path that differs between the two
/// trees is one its <see cref="StackPathMatcher"/> claims (a file its <c>sources</c> globs match, its stack file,
/// the project file). Thread-safe.
/// </summary>
/// <remarks>
/// <see cref="FindAsync"/> never lists every changed path: it walks the two trees side by side, skips subtrees
/// whose ids are equal (unchanged, however large), skips subtrees no stack still undecided could claim (judged
/// from the literal leading folders of its globs), and stops as soon as every stack is decided. A move across
/// thousands of files thus reads a few trees per stack. Folders are walked with an explicit stack, so no depth of
/// nesting can overflow the thread's stack. <see cref="Select"/> answers the same question for a list of
/// changed paths already at hand.
/// </remarks>
public static class AffectedStacks
{
    /// <summary>
    /// The stacks among <paramref name="stacks"/> that a change from <paramref name="fromRevision"/> to
    /// <paramref name="toRevision"/> touches, in the order given. The same answer as <see cref="Select"/> over
    /// <see cref="GitRepository.ChangedPathsAsync"/>, without computing every changed path.
    /// </summary>
    /// <exception cref="GitOpsException">A revision names no commit of the repository.</exception>
    public static Task<ImmutableArray<StackDefinition>> FindAsync(
        GitRepository repository,
        string fromRevision,
        string toRevision,
        IReadOnlyList<StackPathMatcher> stacks,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentException.ThrowIfNullOrEmpty(fromRevision);
        ArgumentException.ThrowIfNullOrEmpty(toRevision);
        ArgumentNullException.ThrowIfNull(stacks);
        return repository.ReadAsync(
            git =>
            {
                Tree from = Require(git, repository, fromRevision).Tree;
                Tree to = Require(git, repository, toRevision).Tree;
                var candidates = stacks.Select(s => new Candidate(s)).ToList();
                if (from.Id != to.Id)
                {
                    Walk(from, to, string.Empty, candidates, cancellationToken);
                }

                return candidates.Where(c => c.Affected).Select(c => c.Matcher.Stack).ToImmutableArray();
            },
            cancellationToken);
    }

    /// <summary>The stacks among <paramref name="stacks"/> that a change to <paramref name="changedPaths"/> touches, in the order given.</summary>
    public static ImmutableArray<StackDefinition> Select(IReadOnlyList<StackPathMatcher> stacks, IReadOnlyCollection<string> changedPaths)
    {
        ArgumentNullException.ThrowIfNull(stacks);
        ArgumentNullException.ThrowIfNull(changedPaths);
        return stacks.Where(stack => changedPaths.Any(stack.Affects)).Select(stack => stack.Stack).ToImmutableArray();
    }

    // Compares two versions of the root folder and, through an explicit stack (no recursion a hostile repository
    // could overflow), of each subfolder that differs; either side may be missing (added, deleted, a file on the
    // other side).
    private static void Walk(Tree? before, Tree? after, string root, List<Candidate> candidates, CancellationToken cancellationToken)
    {
        var pending = new Stack<(Tree? Before, Tree? After, string Folder, List<Candidate> Undecided)>();
        pending.Push((before, after, root, candidates));
        while (pending.TryPop(out var folder))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var here = folder.Undecided.Where(c => !c.Affected && c.CouldClaimUnder(folder.Folder)).ToList();
            if (here.Count == 0)
            {
                continue;
            }

            var old = new Dictionary<string, TreeEntry>(StringComparer.Ordinal);
            foreach (TreeEntry entry in folder.Before ?? Enumerable.Empty<TreeEntry>())
            {
                old[entry.Name] = entry;
            }

            var pairs = new List<(TreeEntry? Before, TreeEntry? After)>();
            foreach (TreeEntry entry in folder.After ?? Enumerable.Empty<TreeEntry>())
            {
                old.Remove(entry.Name, out TreeEntry? previous);
                pairs.Add((previous, entry));
            }

            pairs.AddRange(old.Values.Select(entry => ((TreeEntry?)entry, (TreeEntry?)null)));
            foreach (var (was, now) in pairs)
            {
                if (was is not null && now is not null && was.Mode == now.Mode && was.Target.Id == now.Target.Id)
                {
                    continue;
                }

                string name = (now ?? was)!.Name; // one side exists
                string path = folder.Folder.Length == 0 ? name : folder.Folder + "/" + name;
                if (IsFile(was) || IsFile(now))
                {
                    foreach (Candidate candidate in here)
                    {
                        if (!candidate.Affected && candidate.Matcher.Affects(path))
                        {
                            candidate.Affected = true;
                        }
                    }

                    // Every stack that could be claimed in this folder is decided: the rest of it cannot matter.
                    if (here.TrueForAll(c => c.Affected))
                    {
                        break;
                    }
                }

                Tree? beforeTree = was is { Mode: Mode.Directory } ? (Tree)was.Target : null;
                Tree? afterTree = now is { Mode: Mode.Directory } ? (Tree)now.Target : null;
                if (beforeTree is not null || afterTree is not null)
                {
                    pending.Push((beforeTree, afterTree, path, here));
                }
            }
        }
    }

    // The modes GitRepository.ChangedPathsAsync reports: files and symbolic links, not submodules.
    private static bool IsFile(TreeEntry? entry) =>
        entry?.Mode is Mode.NonExecutableFile or Mode.ExecutableFile or Mode.NonExecutableGroupWritableFile or Mode.SymbolicLink;

    private static Commit Require(Repository git, GitRepository repository, string revision) =>
        GitRepository.FindCommit(git, revision)
        ?? throw new GitOpsException($"Revision '{revision}' does not name a commit in repository '{repository.Path}'.");

    /// <summary>A stack being decided, with the folders its paths can live in.</summary>
    private sealed class Candidate
    {
        // Folder prefixes ("infra/team07/") under which a glob can match, or "" for a glob that starts with a wildcard.
        private readonly List<string> prefixes = [];

        // Exact paths: the stack file, the project files, globs without wildcards.
        private readonly List<string> exact = [RepositoryLoader.ProjectFileName, "Pulumi.yml"];

        public Candidate(StackPathMatcher matcher)
        {
            Matcher = matcher;
            exact.Add(matcher.Stack.Location.Path);
            foreach (string source in matcher.Stack.Sources)
            {
                AddGlob(source);
            }
        }

        public StackPathMatcher Matcher { get; }

        public bool Affected { get; set; }

        /// <summary>True when a path under <paramref name="folder"/> (relative, no trailing slash; "" for the root) could be claimed.</summary>
        public bool CouldClaimUnder(string folder)
        {
            if (folder.Length == 0)
            {
                return true;
            }

            string inside = folder + "/";
            foreach (string prefix in prefixes)
            {
                if (prefix.StartsWith(inside, StringComparison.Ordinal) || inside.StartsWith(prefix, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            foreach (string path in exact)
            {
                if (path.StartsWith(inside, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }

        // The loader's glob rules (GlobPattern): "." segments are dropped; "..", empty segments, a leading "/" or a
        // backslash make the glob invalid, and an invalid glob matches nothing, so it needs no folder.
        private void AddGlob(string glob)
        {
            if (glob.Contains('\\', StringComparison.Ordinal) || glob.StartsWith('/'))
            {
                return;
            }

            var literal = new List<string>();
            bool wildcard = false;
            foreach (string segment in glob.Split('/'))
            {
                if (segment.Length == 0 || segment == "..")
                {
                    return;
                }

                if (segment == "." || wildcard)
                {
                    continue;
                }

                if (segment.AsSpan().IndexOfAny('*', '?') >= 0)
                {
                    wildcard = true;
                }
                else
                {
                    literal.Add(segment);
                }
            }

            if (!wildcard)
            {
                exact.Add(string.Join('/', literal));
            }
            else
            {
                prefixes.Add(literal.Count == 0 ? string.Empty : string.Join('/', literal) + "/");
            }
        }
    }
}
