using System.Collections.Immutable;
using Infra.GitOps.Graph;
using Infra.GitOps.Model;

namespace Infra.GitOps.LifecycleTests.Support;

/// <summary>Builds <see cref="ResourceGraph"/>s directly (the YAML loader is tested elsewhere): a root stack
/// resource plus resources in the order added; dependencies come from the references in the inputs and
/// <c>dependsOn</c>.</summary>
internal sealed class GraphBuilder
{
    public const string ThingType = "fake:index:Thing";

    private readonly List<GraphResource> resources = [];
    private readonly Dictionary<string, Urn> byName = [];

    public GraphBuilder(string project = "proj", string stack = "dev")
    {
        Project = project;
        Stack = stack;
        Root = Urn.Create(stack, project, null, ResourceType.Stack, $"{project}-{stack}");
        resources.Add(new GraphResource(
            Root,
            ResourceType.Stack,
            false,
            null,
            null,
            ObjectValue.Empty,
            ImmutableArray<Urn>.Empty,
            ImmutableSortedDictionary.Create<string, ImmutableArray<Urn>>(StringComparer.Ordinal),
            ResourceOptions.Default,
            new SourceLocation($"stacks/{stack}.yaml", 1, 1),
            ImmutableDictionary<string, SourceLocation>.Empty));
    }

    public string Project { get; }

    public string Stack { get; }

    public Urn Root { get; }

    public static Urn UrnOf(string name, string type = ThingType, string stack = "dev", string project = "proj") =>
        Urn.Create(stack, project, null, new ResourceType(type), name);

    public Urn this[string name] => byName[name];

    public GraphBuilder Add(
        string name,
        ObjectValue? inputs = null,
        string type = ThingType,
        ResourceOptions? options = null,
        bool custom = true,
        string? parent = null)
    {
        inputs ??= ObjectValue.Empty;
        options ??= ResourceOptions.Default;
        var parentUrn = parent is null ? Root : byName[parent];
        var parentType = parent is null ? null : parentUrn.QualifiedType;
        var urn = Urn.Create(Stack, Project, parentType, new ResourceType(type), name);
        var propertyDependencies = ImmutableSortedDictionary.CreateBuilder<string, ImmutableArray<Urn>>(StringComparer.Ordinal);
        var dependencies = new SortedSet<Urn>();
        foreach (var (key, value) in inputs.Properties)
        {
            var referenced = References(value).Distinct().Order().ToImmutableArray();
            if (!referenced.IsEmpty)
            {
                propertyDependencies[key] = referenced;
                dependencies.UnionWith(referenced);
            }
        }

        foreach (var dependsOn in options.DependsOn)
        {
            dependencies.Add(byName[dependsOn]);
        }

        var line = resources.Count * 10;
        var locations = inputs.Properties.Keys
            .Select((key, i) => KeyValuePair.Create(key, new SourceLocation($"infra/{name}.yaml", line + 5 + i, 5)))
            .ToImmutableDictionary();
        resources.Add(new GraphResource(
            urn,
            new ResourceType(type),
            custom,
            parentUrn,
            custom ? new ProviderName(new ResourceType(type).Package) : null,
            inputs,
            dependencies.ToImmutableArray(),
            propertyDependencies.ToImmutable(),
            options,
            new SourceLocation($"infra/{name}.yaml", line + 1, 1),
            locations));
        byName[name] = urn;
        return this;
    }

    public ResourceGraph Build() => new(
        Project,
        Stack,
        resources.ToImmutableArray(),
        ImmutableSortedDictionary.Create<string, ObjectValue>(StringComparer.Ordinal)
            .Add("fake", Values.Obj(("region", Values.Str("test-1")))));

    private static IEnumerable<Urn> References(PropertyValue value) => value switch
    {
        ReferenceValue r => [r.Resource],
        InterpolationValue i => i.Parts.SelectMany(References),
        ObjectValue o => o.Properties.Values.SelectMany(References),
        ArrayValue a => a.Items.SelectMany(References),
        SecretValue s => References(s.Value),
        _ => [],
    };
}
