using NUnit.Framework;
using Infra.GitOps.Graph;
using Infra.GitOps.Graph.Rendering;
using static Infra.GitOps.Tests.Graph.TestDocuments;

namespace Infra.GitOps.Tests.Graph.Rendering;

public class GraphDotWriterTests
{
    private static ResourceGraph Graph() => new TestStack().Add(
        Network("lab-net", "libvirt"),
        VirtualMachine("web", "libvirt", new { image = "builtin:tiny", network = "lab-net" }),
        Kubernetes("v1", "ConfigMap", "settings", new { data = new { ip = "${web.ipAddress}" } })).BuildGraph();

    private static string Id(ResourceGraph graph, string urn) => "n" + graph.IndexOf(urn);

    [Test]
    public void Render_Graph_DigraphWithClustersAndEdges()
    {
        var graph = Graph();
        var text = GraphDotWriter.Render(graph);
        var component = Id(graph, "urn:pulumi:dev::lab::infra:index:Network::lab-net");
        var network = Id(graph, "urn:pulumi:dev::lab::infra:index:Network$libvirt:index/network:Network::lab-net");
        var domain = Id(graph, "urn:pulumi:dev::lab::infra:index:VirtualMachine$libvirt:index/domain:Domain::web-0");
        var map = Id(graph, "urn:pulumi:dev::lab::kubernetes:core/v1:ConfigMap::settings");

        Assert.Multiple(() =>
        {
            Assert.That(text, Does.StartWith("digraph \"lab-dev\" {\n  rankdir=LR;\n"));
            Assert.That(text, Does.EndWith("}\n"));
            Assert.That(text, Does.Contain($"  subgraph cluster_{component} {{\n    label=\"lab-net\\ninfra:index:Network\";\n    {network} [label=\"lab-net\\nlibvirt:index/network:Network\"];\n  }}\n"));
            Assert.That(text, Does.Contain($"  {network} -> {domain};\n"));
            Assert.That(text, Does.Contain($"  {domain} -> {map};\n"));
        });
    }

    [Test]
    public void Write_ToTextWriter_SameAsRender()
    {
        var graph = Graph();
        using var writer = new StringWriter();

        GraphDotWriter.Write(graph, writer);

        Assert.That(writer.ToString(), Is.EqualTo(GraphDotWriter.Render(graph)));
    }
}
