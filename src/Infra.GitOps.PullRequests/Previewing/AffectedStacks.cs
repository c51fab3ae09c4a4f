using System.Collections.Immutable;
using Infra.GitOps.Loading;

namespace Infra.GitOps.PullRequests.Previewing;

/// <summary>
/// Which stacks a change touches (Atlantis' <c>when_modified</c>): a stack is affected when a changed path is
/// one the core's <see cref="StackPathMatcher"/> attributes to it (its stack file, the project file, a file its
/// <c>sources</c> globs match) or a file one of its diagnostics points at. Globs are those of the head commit; a
/// stack whose globs change is affected anyway, since its stack file changed.
/// </summary>
internal static class AffectedStacks
{
    public static ImmutableArray<CompiledStack> Select(CompiledRepository head, IReadOnlyCollection<string> changedPaths, string? stackFilter)
    {
        if (stackFilter is not null)
        {
            return head.Stacks.Where(s => s.Name == stackFilter).ToImmutableArray();
        }

        return head.Stacks.Where(s => Touches(s, changedPaths)).ToImmutableArray();
    }

    private static bool Touches(CompiledStack stack, IReadOnlyCollection<string> changedPaths)
    {
        if (stack.Diagnostics.Any(d => changedPaths.Contains(d.Location.Path)))
        {
            return true;
        }

        if (stack.Stack?.Definition is not { } definition)
        {
            return false;
        }

        var matcher = StackPathMatcher.Create(definition);
        return changedPaths.Any(matcher.Affects);
    }
}
