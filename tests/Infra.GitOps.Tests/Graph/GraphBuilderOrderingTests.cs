using NUnit.Framework;
using Infra.GitOps.Graph;
using Infra.GitOps.Graph.Rendering;
using Infra.GitOps.Model;
using static Infra.GitOps.Tests.Graph.TestDocuments;

namespace Infra.GitOps.Tests.Graph;

public class GraphBuilderOrderingTests
{
    private static ResourceDocument[] MixedDocuments() =>
    [
        Network("lab-net", "libvirt"),
        Disk("web-data", "libvirt"),
        VirtualMachine("web", "libvirt", new { image = "builtin:tiny", network = "lab-net", disks = new[] { "web-data" }, count = 3 }),
        Network("vpc", "aws", new { cidr = "10.0.0.0/16", subnets = new[] { new { name = "a", cidr = "10.0.1.0/24" } } }),
        VirtualMachine("api", "aws", new { image = "ami-1", network = "vpc" }),
        Bucket("logs", "azure"),
        Kubernetes("v1", "ConfigMap", "settings", new { data = new { url = "http://${web.ipAddress}", logs = "${logs.url}" } }),
        Resource("dns", "test:index:Record", new { target = "${api.ipAddress}" }, ResourceOptions.Default with { DependsOn = ["settings"] }),
    ];

    /// <summary>Asserts Pulumi's snapshot invariant (HashSet lookups: NUnit's collection constraints are linear): root first, every parent and dependency before its dependents.</summary>
    private static void AssertTopological(ResourceGraph graph)
    {
        var seen = new HashSet<Urn>();
        Assert.That(graph.Resources[0].Urn, Is.EqualTo(graph.RootUrn));
        foreach (var resource in graph.Resources)
        {
            if (resource.Parent is { } parent)
            {
                Assert.That(seen.Contains(parent), Is.True, $"{resource.Urn} before its parent");
            }

            foreach (var dependency in resource.Dependencies)
            {
                Assert.That(seen.Contains(dependency), Is.True, $"{resource.Urn} before {dependency}");
            }

            Assert.That(seen.Add(resource.Urn), Is.True, $"duplicate {resource.Urn}");
        }
    }

    [Test]
    public void Build_MixedStack_TopologicalOrder()
    {
        var graph = new TestStack().Add(MixedDocuments()).BuildGraph();

        AssertTopological(graph);
    }

    [Test]
    public void Build_MixedStack_DependenciesAndPropertyDependenciesSorted()
    {
        var graph = new TestStack().Add(MixedDocuments()).BuildGraph();

        Assert.Multiple(() =>
        {
            foreach (var resource in graph.Resources)
            {
                Assert.That(resource.Dependencies, Is.Ordered, resource.Urn.Value);
                foreach (var (_, urns) in resource.PropertyDependencies)
                {
                    Assert.That(urns, Is.Ordered.And.Unique, resource.Urn.Value);
                    Assert.That(resource.Dependencies, Is.SupersetOf(urns), resource.Urn.Value);
                }
            }
        });
    }

    [Test]
    public void Build_Twice_ByteEqualJson()
    {
        var stack = new TestStack().Add(MixedDocuments());

        var first = GraphJsonWriter.RenderUtf8(stack.BuildGraph());
        var second = GraphJsonWriter.RenderUtf8(stack.BuildGraph());

        Assert.That(second, Is.EqualTo(first));
    }

    [Test]
    public void Build_DocumentsInAnotherOrder_SameJson()
    {
        var forward = GraphJsonWriter.Render(new TestStack().Add(MixedDocuments()).BuildGraph());
        var backward = GraphJsonWriter.Render(new TestStack().Add(MixedDocuments().Reverse().ToArray()).BuildGraph());

        Assert.That(backward, Is.EqualTo(forward));
    }

    [Test]
    public void Build_IndependentResources_OrdinalUrnOrder()
    {
        var graph = new TestStack().Add(
            Resource("zeta", "test:index:Thing"),
            Resource("alpha", "test:index:Thing"),
            Resource("mid", "test:index:Thing", new { x = "${zeta.id}" })).BuildGraph();

        Assert.That(graph.Urns().Select(u => u.Split("::").Last()), Is.EqualTo(new[] { "lab-dev", "alpha", "zeta", "mid" }));
    }

    [Test]
    public void Build_TenThousandResources_Builds()
    {
        var documents = new List<ResourceDocument> { Network("net", "libvirt") };
        for (var i = 0; i < 2_000; i++)
        {
            documents.Add(VirtualMachine($"vm-{i}", "libvirt", new { image = "builtin:tiny", network = "net" }));
        }

        for (var i = 0; i < 6_000; i++)
        {
            var properties = i == 0
                ? (object)new { index = i }
                : new { index = i, parent = $"${{r-{(i - 1) / 2}.id}}", vm = $"${{vm-{i % 2_000}.ipAddress}}" };
            documents.Add(Resource($"r-{i}", "test:index:Thing", properties, i % 10 == 9 ? ResourceOptions.Default with { DependsOn = [$"r-{i - 1}"] } : null));
        }

        var result = new TestStack().Add([.. documents]).Build();

        Assert.Multiple(() =>
        {
            Assert.That(result.Diagnostics, Is.Empty);
            Assert.That(result.Value!.Resources, Has.Length.EqualTo(1 + 1 + 2 + (2_000 * 2) + 6_000));
        });
        AssertTopological(result.Value!);
    }

    [Test]
    public void Build_LongDependencyChain_NoStackOverflow()
    {
        var documents = Enumerable.Range(0, 10_000)
            .Select(i => Resource($"r-{i}", "test:index:Thing", i == 0 ? null : new { previous = $"${{r-{i - 1}.id}}" }))
            .ToArray();

        var graph = new TestStack().Add(documents).BuildGraph();

        Assert.That(graph.Resources[^1].Urn.Name, Is.EqualTo("r-9999"));
    }
}
