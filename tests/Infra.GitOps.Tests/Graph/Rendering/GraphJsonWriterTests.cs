using NUnit.Framework;
using System.Text;
using System.Text.Json;
using Infra.GitOps.Graph;
using Infra.GitOps.Graph.Rendering;
using Infra.GitOps.Model;
using static Infra.GitOps.Tests.Graph.TestDocuments;

namespace Infra.GitOps.Tests.Graph.Rendering;

public class GraphJsonWriterTests
{
    private const string Canary = "CANARY-7f3a9c1e";

    private static ResourceGraph Graph() => new TestStack()
        .EnvironmentSecret("token", "TOKEN")
        .Add(
            Network("lab-net", "libvirt"),
            VirtualMachine("web", "libvirt", new { image = "builtin:tiny", network = "lab-net" }),
            Resource("thing", "test:index:Thing", new { token = "${secret.token}", url = "http://${web.ipAddress}:80/?t=${secret.token}", plain = "cost $$5" }, ResourceOptions.Default with { Protect = true, DependsOn = ["web"] }))
        .BuildGraph(GraphBuildOptions.Default with { EnvironmentLookup = name => name == "TOKEN" ? Canary : null });

    [Test]
    public void Render_Graph_StableLayout()
    {
        using var document = JsonDocument.Parse(GraphJsonWriter.Render(Graph()));
        var root = document.RootElement;
        var resources = root.GetProperty("resources");
        var stack = resources[0];

        Assert.Multiple(() =>
        {
            Assert.That(root.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "project", "stack", "resources" }));
            Assert.That(root.GetProperty("project").GetString(), Is.EqualTo("lab"));
            Assert.That(root.GetProperty("stack").GetString(), Is.EqualTo("dev"));
            Assert.That(stack.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[]
            {
                "urn", "type", "custom", "parent", "provider", "inputs", "dependencies", "propertyDependencies", "options", "location",
            }));
            Assert.That(stack.GetProperty("urn").GetString(), Is.EqualTo("urn:pulumi:dev::lab::pulumi:pulumi:Stack::lab-dev"));
            Assert.That(stack.GetProperty("parent").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(stack.GetProperty("location").GetString(), Is.EqualTo("stacks/dev.yaml:1:1"));
        });
    }

    [Test]
    public void Render_Resource_InputsReferencesAndOptions()
    {
        using var document = JsonDocument.Parse(GraphJsonWriter.Render(Graph()));
        var thing = document.RootElement.GetProperty("resources").EnumerateArray()
            .Single(r => r.GetProperty("urn").GetString() == "urn:pulumi:dev::lab::test:index:Thing::thing");
        var inputs = thing.GetProperty("inputs");

        Assert.Multiple(() =>
        {
            Assert.That(thing.GetProperty("custom").GetBoolean(), Is.True);
            Assert.That(thing.GetProperty("provider").GetString(), Is.EqualTo("test"));
            Assert.That(inputs.GetProperty("token").GetString(), Is.EqualTo("[secret]"));
            Assert.That(inputs.GetProperty("url").GetString(), Is.EqualTo("[secret]"));
            Assert.That(inputs.GetProperty("plain").GetString(), Is.EqualTo("cost $5"));
            Assert.That(thing.GetProperty("dependencies").EnumerateArray().Select(u => u.GetString()), Is.EqualTo(new[] { "urn:pulumi:dev::lab::infra:index:VirtualMachine$libvirt:index/domain:Domain::web-0" }));
            Assert.That(thing.GetProperty("options").GetProperty("protect").GetBoolean(), Is.True);
            Assert.That(thing.GetProperty("options").GetProperty("dependsOn")[0].GetString(), Is.EqualTo("web"));
            Assert.That(thing.GetProperty("location").GetString(), Is.EqualTo("infra/thing.yaml:1:1"));
        });
    }

    [Test]
    public void Render_ReferenceAndInterpolation_AsExpressionText()
    {
        var graph = new TestStack().Add(
            Network("lab-net", "libvirt"),
            VirtualMachine("web", "libvirt", new { image = "builtin:tiny", network = "lab-net" }),
            Resource("thing", "test:index:Thing", new { ip = "${web.ipAddress}", url = "$$x http://${web.ipAddress}" })).BuildGraph();
        using var document = JsonDocument.Parse(GraphJsonWriter.Render(graph));
        var inputs = document.RootElement.GetProperty("resources").EnumerateArray().Last().GetProperty("inputs");

        Assert.Multiple(() =>
        {
            Assert.That(inputs.GetProperty("ip").GetString(), Is.EqualTo("${web-0.ipAddress}"));
            Assert.That(inputs.GetProperty("url").GetString(), Is.EqualTo("$$x http://${web-0.ipAddress}"));
        });
    }

    [Test]
    public void Render_Secrets_NeverInTheOutput()
    {
        var graph = Graph();
        var json = GraphJsonWriter.Render(graph);
        using var stream = new MemoryStream();
        GraphJsonWriter.Write(graph, stream);

        Assert.Multiple(() =>
        {
            Assert.That(json, Does.Not.Contain(Canary));
            Assert.That(json, Does.Contain("[secret]"));
            Assert.That(Encoding.UTF8.GetString(stream.ToArray()), Is.EqualTo(json));
            Assert.That(GraphMermaidWriter.Render(graph), Does.Not.Contain(Canary));
            Assert.That(GraphDotWriter.Render(graph), Does.Not.Contain(Canary));
            Assert.That(graph.ToString(), Does.Not.Contain(Canary));
        });
    }

    [Test]
    public void Render_UnixLineEndsAndTwoSpaceIndent()
    {
        var json = GraphJsonWriter.Render(Graph());

        Assert.Multiple(() =>
        {
            Assert.That(json, Does.Not.Contain("\r"));
            Assert.That(json, Does.StartWith("{\n  \"project\": \"lab\",\n  \"stack\": \"dev\",\n  \"resources\": [\n"));
        });
    }

    [Test]
    public void WriteValue_NonFiniteNumber_WrittenAsString()
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            GraphJsonWriter.WriteValue(writer, new ArrayValue([PropertyValue.Of(double.NaN), PropertyValue.Of(1.5), UnknownValue.Instance, PropertyValue.Null]));
        }

        Assert.That(Encoding.UTF8.GetString(buffer.ToArray()), Is.EqualTo("[\"NaN\",1.5,\"(known after apply)\",null]"));
    }
}
