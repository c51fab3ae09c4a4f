using System.Collections.Immutable;
using Infra.GitOps.Loading;

namespace Infra.GitOps.PullRequests.Previewing;

/// <summary>
/// Which stacks a change touches (Atlantis' <c>when_modified</c>): a stack is affected when a changed path is
/// its stack file, the project file (<c>Pulumi.yaml</c>, which every stack depends on), a file one of its
/// <c>sources</c> globs matches, or a file one of its diagnostics points at. Globs are those of the head commit;
/// a stack whose globs change is affected anyway, since its stack file changed.
/// </summary>
internal static class AffectedStacks
{
    private static readonly string[] ProjectFiles = ["Pulumi.yaml", "Pulumi.yml"];

    public static ImmutableArray<CompiledStack> Select(CompiledRepository head, IReadOnlyCollection<string> changedPaths, string? stackFilter)
    {
        if (stackFilter is not null)
        {
            return head.Stacks.Where(s => s.Name == stackFilter).ToImmutableArray();
        }

        if (changedPaths.Any(p => ProjectFiles.Contains(p, StringComparer.Ordinal)))
        {
            return head.Stacks;
        }

        return head.Stacks.Where(s => Touches(s, changedPaths)).ToImmutableArray();
    }

    private static bool Touches(CompiledStack stack, IReadOnlyCollection<string> changedPaths)
    {
        var changed = changedPaths as ISet<string> ?? changedPaths.ToHashSet(StringComparer.Ordinal);
        if (stack.Diagnostics.Any(d => changed.Contains(d.Location.Path)))
        {
            return true;
        }

        if (stack.Stack?.Definition is not { } definition)
        {
            return false;
        }

        if (changed.Contains(definition.Location.Path) || stack.Stack.Documents.Any(d => changed.Contains(d.Location.Path)))
        {
            return true;
        }

        var globs = definition.Sources.Select(g => new SourceGlob(g)).ToList();
        return changed.Any(path => globs.Any(g => g.IsMatch(path)));
    }
}
