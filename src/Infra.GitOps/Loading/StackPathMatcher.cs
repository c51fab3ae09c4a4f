using Infra.GitOps.Model;

namespace Infra.GitOps.Loading;

/// <summary>
/// Tells which repository paths belong to a stack: the files its <c>sources</c> globs match, its own stack file,
/// and the project file (which every stack depends on). Used to attribute diagnostics to stacks and to find
/// the stacks a change affects (reconciler, pull-request previews). Immutable and thread-safe.
/// </summary>
public sealed class StackPathMatcher
{
    private readonly List<GlobPattern> _globs;
    private readonly string _stackFile;

    private StackPathMatcher(StackDefinition stack)
    {
        Stack = stack;
        _stackFile = stack.Location.Path;
        _globs = [];
        foreach (var source in stack.Sources)
        {
            if (GlobPattern.TryCreate(source, out _) is { } glob)
            {
                _globs.Add(glob);
            }
        }
    }

    /// <summary>The stack.</summary>
    public StackDefinition Stack { get; }

    /// <summary>Creates a matcher for <paramref name="stack"/>; invalid globs (already diagnosed by the loader)
    /// match nothing.</summary>
    public static StackPathMatcher Create(StackDefinition stack)
    {
        ArgumentNullException.ThrowIfNull(stack);
        return new StackPathMatcher(stack);
    }

    /// <summary>True when a change to <paramref name="path"/> (relative, <c>/</c>-separated) affects the stack.</summary>
    public bool Affects(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path == _stackFile || path == RepositoryLoader.ProjectFileName || path == "Pulumi.yml")
        {
            return true;
        }

        var segments = path.Split('/');
        foreach (var glob in _globs)
        {
            if (glob.IsMatch(segments))
            {
                return true;
            }
        }

        return false;
    }
}
