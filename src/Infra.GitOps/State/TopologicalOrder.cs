using Infra.GitOps.Model;

namespace Infra.GitOps.State;

/// <summary>
/// Puts resources in a valid checkpoint order (provider, parent and dependencies before dependents) while keeping
/// the given order wherever it is already valid: a stable, iterative depth-first post-order, so a chain of 10,000
/// resources does not exhaust the stack. Edges to URNs not in the list are ignored; a cycle (never valid state) keeps
/// the given order for its members.
/// </summary>
internal static class TopologicalOrder
{
    public static List<ResourceState> Sort(IReadOnlyList<ResourceState> resources)
    {
        var byUrn = new Dictionary<string, List<int>>(resources.Count, StringComparer.Ordinal);
        for (var i = 0; i < resources.Count; i++)
        {
            ref var copies = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(byUrn, resources[i].Urn.Value, out _);
            (copies ??= new List<int>(1)).Add(i);
        }

        var state = new byte[resources.Count]; // 0 unvisited, 1 on the path, 2 emitted
        var result = new List<ResourceState>(resources.Count);
        var path = new Stack<(int Node, List<int> Edges, int Next)>();
        for (var root = 0; root < resources.Count; root++)
        {
            if (state[root] != 0)
            {
                continue;
            }

            state[root] = 1;
            path.Push((root, Edges(resources[root], byUrn), 0));
            while (path.Count > 0)
            {
                var (node, edges, next) = path.Pop();
                if (next < edges.Count)
                {
                    path.Push((node, edges, next + 1));
                    var target = edges[next];
                    if (state[target] == 0)
                    {
                        state[target] = 1;
                        path.Push((target, Edges(resources[target], byUrn), 0));
                    }

                    continue;
                }

                state[node] = 2;
                result.Add(resources[node]);
            }
        }

        return result;
    }

    private static List<int> Edges(ResourceState resource, Dictionary<string, List<int>> byUrn)
    {
        var edges = new List<int>();
        var lookup = byUrn.GetAlternateLookup<ReadOnlySpan<char>>();
        foreach (var urn in resource.ReferencedUrns())
        {
            if (!urn.Span.SequenceEqual(resource.Urn.Value) && lookup.TryGetValue(urn.Span, out var targets))
            {
                edges.AddRange(targets);
            }
        }

        return edges;
    }
}
