namespace Infra.GitOps.Graph.Translation;

/// <summary>
/// Finds dependency cycles between documents: Tarjan's strongly connected components (iterative, so deep chains
/// cannot overflow the stack), then one shortest cycle per component through its ordinally first member.
/// </summary>
internal static class DependencyCycles
{
    /// <summary>Each cycle as member names, starting and ending with the component's ordinally first member.</summary>
    public static List<List<string>> Find(IReadOnlyList<DocumentNode> nodes, IReadOnlyDictionary<string, DocumentNode> byName)
    {
        var index = new Dictionary<string, int>(nodes.Count, StringComparer.Ordinal);
        var low = new Dictionary<string, int>(nodes.Count, StringComparer.Ordinal);
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var components = new List<List<string>>();
        var counter = 0;

        foreach (var start in nodes)
        {
            if (index.ContainsKey(start.Name))
            {
                continue;
            }

            var work = new Stack<(string Name, IEnumerator<string> Next)>();
            Visit(start.Name);
            while (work.Count > 0)
            {
                var (name, next) = work.Peek();
                if (next.MoveNext())
                {
                    var target = next.Current;
                    if (!index.TryGetValue(target, out var targetIndex))
                    {
                        Visit(target);
                    }
                    else if (onStack.Contains(target))
                    {
                        low[name] = Math.Min(low[name], targetIndex);
                    }

                    continue;
                }

                work.Pop();
                if (work.Count > 0)
                {
                    var parent = work.Peek().Name;
                    low[parent] = Math.Min(low[parent], low[name]);
                }

                if (low[name] == index[name])
                {
                    var component = new List<string>();
                    string member;
                    do
                    {
                        member = stack.Pop();
                        onStack.Remove(member);
                        component.Add(member);
                    }
                    while (member != name);

                    if (component.Count > 1)
                    {
                        components.Add(component);
                    }
                }
            }

            void Visit(string name)
            {
                index[name] = low[name] = counter++;
                stack.Push(name);
                onStack.Add(name);
                var targets = byName[name].Edges.Keys.Where(byName.ContainsKey).Order(StringComparer.Ordinal).ToList();
                work.Push((name, targets.GetEnumerator()));
            }
        }

        var cycles = new List<List<string>>();
        foreach (var component in components)
        {
            var members = new HashSet<string>(component, StringComparer.Ordinal);
            var first = component.Min(StringComparer.Ordinal)!; // a component has at least two members
            cycles.Add(ShortestCycle(first, members, byName));
        }

        return cycles.OrderBy(c => c[0], StringComparer.Ordinal).ToList();
    }

    /// <summary>Breadth-first from <paramref name="first"/> back to itself inside the component.</summary>
    private static List<string> ShortestCycle(string first, HashSet<string> members, IReadOnlyDictionary<string, DocumentNode> byName)
    {
        var previous = new Dictionary<string, string>(StringComparer.Ordinal);
        var queue = new Queue<string>();
        queue.Enqueue(first);
        while (queue.Count > 0)
        {
            var current = queue.Dequeue();
            foreach (var target in byName[current].Edges.Keys.Order(StringComparer.Ordinal))
            {
                if (!members.Contains(target))
                {
                    continue;
                }

                if (target == first)
                {
                    var path = new List<string> { first };
                    for (var at = current; at != first; at = previous[at])
                    {
                        path.Add(at);
                    }

                    path.Add(first);
                    path.Reverse();
                    return path;
                }

                if (previous.TryAdd(target, current))
                {
                    queue.Enqueue(target);
                }
            }
        }

        return [first, first];
    }
}
