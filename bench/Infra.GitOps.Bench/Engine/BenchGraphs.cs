using System.Collections.Immutable;
using Infra.GitOps.Graph;
using Infra.GitOps.Model;

namespace Infra.GitOps.Bench.Engine;

/// <summary>Generated graphs for the engine benchmarks (fixed seeds).</summary>
internal static class BenchGraphs
{
    public const string Type = "fake:index:Thing";

    /// <summary>
    /// <paramref name="count"/> resources in <paramref name="depth"/> levels of equal size; each resource of a level
    /// above 0 references 1-3 resources of the level below, so the longest chain has exactly <paramref name="depth"/> resources.
    /// </summary>
    public static ResourceGraph Layered(int count, int depth, int seed)
    {
        var random = new Random(seed);
        var root = Urn.Create("bench", "bench", null, ResourceType.Stack, "bench-bench");
        var empty = ImmutableSortedDictionary.Create<string, ImmutableArray<Urn>>(StringComparer.Ordinal);
        var resources = ImmutableArray.CreateBuilder<GraphResource>(count + 1);
        resources.Add(new GraphResource(root, ResourceType.Stack, false, null, null, ObjectValue.Empty, [], empty, ResourceOptions.Default, new SourceLocation("stacks/bench.yaml", 1, 1), ImmutableDictionary<string, SourceLocation>.Empty));
        var perLevel = count / depth;
        var levels = new List<List<Urn>>();
        var type = new ResourceType(Type);
        for (var level = 0; level < depth; level++)
        {
            var current = new List<Urn>();
            var size = level == depth - 1 ? count - (perLevel * (depth - 1)) : perLevel;
            for (var i = 0; i < size; i++)
            {
                var urn = Urn.Create("bench", "bench", null, type, $"r{level}-{i}");
                var properties = ImmutableSortedDictionary.CreateBuilder<string, PropertyValue>(StringComparer.Ordinal);
                properties["name"] = new StringValue($"r{level}-{i}");
                properties["size"] = new NumberValue(i % 17);
                properties["tags"] = new ObjectValue(ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, new[]
                {
                    KeyValuePair.Create("env", (PropertyValue)new StringValue("bench")),
                    KeyValuePair.Create("level", (PropertyValue)new NumberValue(level)),
                }));
                var dependencies = new SortedSet<Urn>();
                var propertyDependencies = ImmutableSortedDictionary.CreateBuilder<string, ImmutableArray<Urn>>(StringComparer.Ordinal);
                if (level > 0)
                {
                    var below = levels[level - 1];
                    var references = random.Next(1, 4);
                    for (var r = 0; r < references; r++)
                    {
                        var target = below[random.Next(below.Count)];
                        properties[$"ref{r}"] = new ReferenceValue(target, "id");
                        dependencies.Add(target);
                        propertyDependencies[$"ref{r}"] = [target];
                    }
                }

                current.Add(urn);
                resources.Add(new GraphResource(
                    urn,
                    type,
                    true,
                    root,
                    new ProviderName("fake"),
                    new ObjectValue(properties.ToImmutable()),
                    dependencies.ToImmutableArray(),
                    propertyDependencies.ToImmutable(),
                    ResourceOptions.Default,
                    new SourceLocation("infra/bench.yaml", resources.Count, 1),
                    ImmutableDictionary<string, SourceLocation>.Empty));
            }

            levels.Add(current);
        }

        return new ResourceGraph("bench", "bench", resources.ToImmutable(), ImmutableSortedDictionary.Create<string, ObjectValue>(StringComparer.Ordinal));
    }
}
