using NUnit.Framework;
using Infra.GitOps.Graph;
using Infra.GitOps.Graph.Rendering;
using static Infra.GitOps.Tests.Graph.TestDocuments;

namespace Infra.GitOps.Tests.Graph.Rendering;

public class GraphMermaidWriterTests
{
    private static ResourceGraph Graph() => new TestStack().Add(
        Network("lab-net", "libvirt"),
        VirtualMachine("web", "libvirt", new { image = "builtin:tiny", network = "lab-net" }),
        Resource("dns", "test:index:Record", new { target = "${web.ipAddress}" })).BuildGraph();

    private static string Id(ResourceGraph graph, string urn) => "n" + graph.IndexOf(urn);

    [Test]
    public void Render_Components_AreSubgraphsHoldingTheirChildren()
    {
        var graph = Graph();
        var text = GraphMermaidWriter.Render(graph);
        var component = Id(graph, "urn:pulumi:dev::lab::infra:index:VirtualMachine::web");
        var domain = Id(graph, "urn:pulumi:dev::lab::infra:index:VirtualMachine$libvirt:index/domain:Domain::web-0");

        Assert.Multiple(() =>
        {
            Assert.That(text, Does.StartWith("flowchart LR\n"));
            Assert.That(text, Does.Contain($"  subgraph {component}[\"web<br/>infra:index:VirtualMachine\"]\n    {domain}[\"web-0<br/>libvirt:index/domain:Domain\"]\n  end\n"));
            Assert.That(text, Does.Not.Contain("pulumi:pulumi:Stack"));
        });
    }

    [Test]
    public void Render_Dependencies_ArrowsFromDependencyToDependent()
    {
        var graph = Graph();
        var text = GraphMermaidWriter.Render(graph);
        var network = Id(graph, "urn:pulumi:dev::lab::infra:index:Network$libvirt:index/network:Network::lab-net");
        var domain = Id(graph, "urn:pulumi:dev::lab::infra:index:VirtualMachine$libvirt:index/domain:Domain::web-0");
        var dns = Id(graph, "urn:pulumi:dev::lab::test:index:Record::dns");

        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Contain($"  {network} --> {domain}\n"));
            Assert.That(text, Does.Contain($"  {domain} --> {dns}\n"));
            Assert.That(text, Does.Contain($"  {dns}[\"dns<br/>test:index:Record\"]\n"));
        });
    }

    [Test]
    public void Render_Twice_SameText()
    {
        var first = GraphMermaidWriter.Render(Graph());
        var second = GraphMermaidWriter.Render(Graph());

        Assert.That(second, Is.EqualTo(first));
    }

    [Test]
    public void Write_ToTextWriter_SameAsRender()
    {
        var graph = Graph();
        using var writer = new StringWriter();

        GraphMermaidWriter.Write(graph, writer);

        Assert.That(writer.ToString(), Is.EqualTo(GraphMermaidWriter.Render(graph)));
    }
}
