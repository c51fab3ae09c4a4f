using System.Collections.Immutable;
using System.Diagnostics;
using Infra.GitOps.Graph;
using Infra.GitOps.Graph.Rendering;
using Infra.GitOps.Model;

namespace Infra.GitOps.Bench.Graph;

/// <summary>
/// Builds the graph of a synthetic stack of 10,000 resources (a libvirt network, 2,000 single-replica VMs and
/// 6,000 <c>kind: Resource</c> documents referencing each other and the VMs) and renders it as JSON; reports the
/// median of five runs after a warm-up.
/// </summary>
public sealed class GraphBuildBenchmark : IBenchmark
{
    private const int Runs = 5;

    /// <inheritdoc />
    public string Name => "graph-build";

    /// <inheritdoc />
    public Task<IReadOnlyList<BenchmarkFigure>> RunAsync(CancellationToken cancellationToken)
    {
        var (project, stack) = SyntheticStack();
        var options = GraphBuildOptions.Default with { EnvironmentLookup = _ => null };
        var build = new List<double>();
        var render = new List<double>();
        var resources = 0;
        for (var run = 0; run <= Runs; run++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var watch = Stopwatch.StartNew();
            var graph = GraphBuilder.Build(project, stack, options).Value
                ?? throw new InvalidOperationException("the synthetic stack must build without errors");
            var built = watch.Elapsed.TotalMilliseconds;
            watch.Restart();
            _ = GraphJsonWriter.RenderUtf8(graph);
            var rendered = watch.Elapsed.TotalMilliseconds;
            resources = graph.Resources.Length;
            if (run > 0)
            {
                build.Add(built);
                render.Add(rendered);
            }
        }

        IReadOnlyList<BenchmarkFigure> figures =
        [
            new($"graph build ({resources} resources)", Median(build), "ms", "<", 1000, "ms"),
            new($"graph json render ({resources} resources)", Median(render), "ms", "<", 1000, "ms"),
        ];
        return Task.FromResult(figures);
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private static (InfraProject Project, LoadedStack Stack) SyntheticStack()
    {
        var documents = ImmutableArray.CreateBuilder<ResourceDocument>();
        documents.Add(Document(DocumentKind.Network, "Network", "net", "libvirt", ObjectValue.Empty.With("cidr", new StringValue("10.0.0.0/16"))));
        for (var i = 0; i < 2_000; i++)
        {
            documents.Add(Document(DocumentKind.VirtualMachine, "VirtualMachine", $"vm-{i}", "libvirt", ObjectValue.Empty
                .With("image", new StringValue("builtin:tiny"))
                .With("network", new StringValue("net"))));
        }

        for (var i = 0; i < 6_000; i++)
        {
            var properties = ObjectValue.Empty.With("index", new NumberValue(i));
            if (i > 0)
            {
                properties = properties
                    .With("parent", new StringValue($"${{r-{(i - 1) / 2}.id}}"))
                    .With("url", new StringValue($"http://${{vm-{i % 2_000}.ipAddress}}:8080"));
            }

            var spec = ObjectValue.Empty.With("type", new StringValue("test:index:Thing")).With("properties", properties);
            documents.Add(Document(DocumentKind.Resource, "Resource", $"r-{i}", "test", spec));
        }

        var location = new SourceLocation("stacks/bench.yaml", 1, 1);
        var definition = new StackDefinition(
            "bench",
            ["infra/**/*.yaml"],
            ImmutableSortedDictionary<string, ObjectValue>.Empty,
            ImmutableSortedDictionary<string, PropertyValue>.Empty,
            ImmutableSortedDictionary<string, SecretSource>.Empty,
            ReconcileSettings.Default,
            location,
            ImmutableDictionary<string, SourceLocation>.Empty);
        return (new InfraProject("bench", null, InfraProject.DefaultBackendUrl, SourceLocation.OfFile("Pulumi.yaml")), new LoadedStack(definition, documents.ToImmutable()));
    }

    private static ResourceDocument Document(DocumentKind kind, string kindName, string name, string provider, ObjectValue spec) =>
        new("infra.gitops/v1", kind, kindName, name, new ProviderName(provider), spec, ResourceOptions.Default,
            new SourceLocation($"infra/{name}.yaml", 1, 1), SourceLocationMap.Empty);
}
