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
    public static IReadOnlyList<ResourceState> Sort(IReadOnlyList<ResourceState> resources)
    {
        // The usual case (a journal appends each resource after what it depends on) costs one lookup per edge.
        if (IsOrdered(resources))
        {
            return resources;
        }

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

    /// <summary>True when every resource comes after every copy of what it refers to (edges to unknown URNs ignored).</summary>
    private static bool IsOrdered(IReadOnlyList<ResourceState> resources)
    {
        // The last position of each URN (a resource and its copy pending deletion share one).
        var last = new Dictionary<string, int>(resources.Count, StringComparer.Ordinal);
        for (var i = 0; i < resources.Count; i++)
        {
            last[resources[i].Urn.Value] = i;
        }

        var lookup = last.GetAlternateLookup<ReadOnlySpan<char>>();
        for (var i = 0; i < resources.Count; i++)
        {
            var resource = resources[i];
            var self = resource.Urn.Value;

            if (resource.Provider is { } provider)
            {
                var split = provider.LastIndexOf("::", StringComparison.Ordinal);
                if (!Before(lookup, split > 0 ? provider.AsSpan(0, split) : provider, self, i))
                {
                    return false;
                }
            }

            if (resource.Parent is { } parent && !Before(lookup, parent.Value, self, i))
            {
                return false;
            }

            foreach (var dependency in resource.Dependencies)
            {
                if (!Before(lookup, dependency.Value, self, i))
                {
                    return false;
                }
            }

            foreach (var urns in resource.PropertyDependencies.Values)
            {
                foreach (var urn in urns)
                {
                    if (!Before(lookup, urn.Value, self, i))
                    {
                        return false;
                    }
                }
            }
        }

        return true;
    }

    private static bool Before(Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> last, ReadOnlySpan<char> urn, string self, int position) =>
        urn.SequenceEqual(self) || !last.TryGetValue(urn, out var at) || at < position;

    private static List<int> Edges(ResourceState resource, Dictionary<string, List<int>> byUrn)
    {
        var edges = new List<int>();
        void Add(string? urn)
        {
            if (urn is not null && urn != resource.Urn.Value && byUrn.TryGetValue(urn, out var targets))
            {
                edges.AddRange(targets);
            }
        }

        if (resource.Provider is { } provider)
        {
            // A provider reference is "<providerURN>::<providerID>", split on the last "::".
            var split = provider.LastIndexOf("::", StringComparison.Ordinal);
            Add(split > 0 ? provider[..split] : provider);
        }

        Add(resource.Parent?.Value);
        foreach (var dependency in resource.Dependencies)
        {
            Add(dependency.Value);
        }

        foreach (var urns in resource.PropertyDependencies.Values)
        {
            foreach (var urn in urns)
            {
                Add(urn.Value);
            }
        }

        return edges;
    }
}
