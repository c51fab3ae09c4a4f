using System.Collections.Immutable;
using Infra.GitOps.Graph;
using Infra.GitOps.Model;

namespace Infra.GitOps.CrashHost;

/// <summary>
/// The crash test's desired graphs: about 200 resources with references between them. Variants differ so that
/// going from one to the next updates (<c>size</c>), replaces (<c>zone</c>, create-before-delete on
/// <see cref="ThingType"/>, delete-before-replace on <see cref="DbrType"/>), deletes and creates resources.
/// </summary>
public static class CrashGraph
{
    /// <summary>The project.</summary>
    public const string Project = "crash";

    /// <summary>The stack.</summary>
    public const string Stack = "dev";

    /// <summary>A type replaced create-before-delete when <c>zone</c> changes.</summary>
    public const string ThingType = "fake:index:Thing";

    /// <summary>A type replaced delete-before-replace when <c>zone</c> changes.</summary>
    public const string DbrType = "fake:index:Dbr";

    /// <summary>The desired graph of <paramref name="variant"/>.</summary>
    public static ResourceGraph Build(int variant)
    {
        var root = Urn.Create(Stack, Project, null, ResourceType.Stack, $"{Project}-{Stack}");
        var noDependencies = ImmutableSortedDictionary.Create<string, ImmutableArray<Urn>>(StringComparer.Ordinal);
        var resources = ImmutableArray.CreateBuilder<GraphResource>();
        resources.Add(new GraphResource(root, ResourceType.Stack, false, null, null, ObjectValue.Empty, [], noDependencies, ResourceOptions.Default, new SourceLocation("stacks/dev.yaml", 1, 1), ImmutableDictionary<string, SourceLocation>.Empty));
        var urns = new Dictionary<int, Urn>();
        var random = new Random(42);
        for (var i = 0; i < 210; i++)
        {
            // Leaves 190-199 exist in even variants, 200-209 in odd ones: deletes and creates on every change.
            var present = i < 190 || (variant % 2 == 0 ? i < 200 : i >= 200);
            var first = random.Next(Math.Max(1, Math.Min(i, 180)));
            var second = random.Next(Math.Max(1, Math.Min(i, 180)));
            if (!present)
            {
                continue;
            }

            var type = new ResourceType(i % 5 == 0 ? DbrType : ThingType);
            var urn = Urn.Create(Stack, Project, null, type, $"r{i:000}");
            var properties = new Dictionary<string, PropertyValue>
            {
                ["index"] = new NumberValue(i),
                ["size"] = new NumberValue(i % 7 == 0 ? (i + variant) % 5 : 1),
                ["zone"] = new StringValue(i % 11 == 0 ? $"z{variant % 2}" : "z0"),
            };
            var dependencies = new SortedSet<Urn>();
            var propertyDependencies = ImmutableSortedDictionary.CreateBuilder<string, ImmutableArray<Urn>>(StringComparer.Ordinal);
            if (i > 0 && i < 180)
            {
                // Only resources below 180 are referenced, so removing leaves never breaks a reference.
                foreach (var (key, target) in new[] { ("first", first), ("second", second) })
                {
                    if (urns.TryGetValue(target, out var referenced) && target < i)
                    {
                        properties[key] = new ReferenceValue(referenced, "id");
                        dependencies.Add(referenced);
                        propertyDependencies[key] = [referenced];
                    }
                }
            }
            else if (i >= 180 && urns.TryGetValue(first, out var parentish))
            {
                properties["first"] = new ReferenceValue(parentish, "id");
                dependencies.Add(parentish);
                propertyDependencies["first"] = [parentish];
            }

            urns[i] = urn;
            resources.Add(new GraphResource(
                urn,
                type,
                true,
                root,
                new ProviderName("fake"),
                ObjectValue.From(properties),
                dependencies.ToImmutableArray(),
                propertyDependencies.ToImmutable(),
                ResourceOptions.Default,
                new SourceLocation("infra/crash.yaml", i + 1, 1),
                ImmutableDictionary<string, SourceLocation>.Empty));
        }

        return new ResourceGraph(Project, Stack, resources.ToImmutable(), ImmutableSortedDictionary.Create<string, ObjectValue>(StringComparer.Ordinal));
    }
}
