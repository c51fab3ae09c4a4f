using System.Collections.Immutable;
using Infra.GitOps.Loading;

namespace Infra.GitOps.Reconciler;

/// <summary>
/// The order a pass takes stacks in: every stack after the stacks it depends on (<c>reconcile.dependsOn</c>), otherwise
/// in the order given. Names that are not in the list are ignored; a cycle (which the loader reports as an error) is
/// broken at the stack met first, so every stack is still listed once.
/// </summary>
internal static class DependencyOrder
{
    public static ImmutableArray<CompiledStack> Sort(ImmutableArray<CompiledStack> stacks)
    {
        var byName = new Dictionary<string, CompiledStack>(StringComparer.Ordinal);
        foreach (var stack in stacks)
        {
            byName.TryAdd(stack.Name, stack);
        }

        var placed = new HashSet<string>(StringComparer.Ordinal);
        var visiting = new HashSet<string>(StringComparer.Ordinal);
        var order = ImmutableArray.CreateBuilder<CompiledStack>(stacks.Length);
        foreach (var root in stacks)
        {
            // Depth-first with an explicit stack: dependencies are placed before the stack that names them.
            var path = new Stack<(CompiledStack Stack, int Next)>();
            if (placed.Contains(root.Name) || !visiting.Add(root.Name))
            {
                continue;
            }

            path.Push((root, 0));
            while (path.Count > 0)
            {
                var (stack, next) = path.Pop();
                var dependsOn = stack.Stack?.Definition.Reconcile.DependsOn ?? [];
                if (next == dependsOn.Length)
                {
                    visiting.Remove(stack.Name);
                    if (placed.Add(stack.Name))
                    {
                        order.Add(stack);
                    }

                    continue;
                }

                path.Push((stack, next + 1));
                if (byName.TryGetValue(dependsOn[next], out var dependency) && !placed.Contains(dependency.Name) && visiting.Add(dependency.Name))
                {
                    path.Push((dependency, 0));
                }
            }
        }

        return order.MoveToImmutable();
    }
}
