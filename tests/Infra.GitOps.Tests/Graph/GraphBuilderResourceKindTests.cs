using NUnit.Framework;
using Infra.GitOps.Loading;
using Infra.GitOps.Model;
using static Infra.GitOps.Tests.Graph.TestDocuments;

namespace Infra.GitOps.Tests.Graph;

public class GraphBuilderResourceKindTests
{
    [Test]
    public void Build_Resource_TokenAndPropertiesAsIs()
    {
        var graph = new TestStack().Add(Resource("extra-vpc", "aws:ec2/vpc:Vpc", new { cidrBlock = "10.1.0.0/16", enableDnsSupport = true })).BuildGraph();
        var vpc = graph.Resource("urn:pulumi:dev::lab::aws:ec2/vpc:Vpc::extra-vpc");

        Assert.Multiple(() =>
        {
            Assert.That(vpc.Custom, Is.True);
            Assert.That(vpc.Provider?.Value, Is.EqualTo("aws"));
            Assert.That(vpc.Parent, Is.EqualTo(graph.RootUrn));
            Assert.That(vpc.Inputs, Is.EqualTo(ObjectValue.Empty.With("cidrBlock", PropertyValue.Of("10.1.0.0/16")).With("enableDnsSupport", PropertyValue.Of(true))));
            Assert.That(vpc.LocationOf("cidrBlock"), Is.Not.EqualTo(vpc.Location));
        });
    }

    [TestCase("aws:Vpc")]
    [TestCase("aws::Vpc")]
    [TestCase("")]
    public void Build_BadToken_InvalidTypeTokenAtType(string token)
    {
        var document = Resource("x", token);

        var error = new TestStack().Add(document).Build().SingleError(DiagnosticMessages.UnresolvableTypeTokenCode);

        Assert.That(error.Location, Is.EqualTo(document.LocationOf("spec.type")));
    }

    [Test]
    public void Build_ResourceReferencingResource_AnyOutputPathAndDependency()
    {
        var graph = new TestStack().Add(
            Resource("vpc", "aws:ec2/vpc:Vpc", new { cidrBlock = "10.1.0.0/16" }),
            Resource("subnet", "aws:ec2/subnet:Subnet", new { vpcId = "${vpc.id}", tags = new { owner = "${vpc.tags[\"owner\"]}" } })).BuildGraph();
        var vpc = new Urn("urn:pulumi:dev::lab::aws:ec2/vpc:Vpc::vpc");
        var subnet = graph.Resource("urn:pulumi:dev::lab::aws:ec2/subnet:Subnet::subnet");

        Assert.Multiple(() =>
        {
            Assert.That(subnet.Input("vpcId"), Is.EqualTo(new ReferenceValue(vpc, "id")));
            Assert.That(((ObjectValue)subnet.Input("tags")!)["owner"], Is.EqualTo(new ReferenceValue(vpc, "tags.owner")));
            Assert.That(subnet.Dependencies, Is.EqualTo(new[] { vpc }));
            Assert.That(subnet.PropertyDependencies.Keys, Is.EqualTo(new[] { "tags", "vpcId" }));
        });
    }

    [Test]
    public void Build_Options_CarriedToEveryResourceOfTheDocument()
    {
        var options = ResourceOptions.Default with { Protect = true, IgnoreChanges = ["tags"] };
        var graph = new TestStack().Add(Network("net", "aws", options: options)).BuildGraph();

        Assert.That(graph.Resources.Where(r => r.Urn.Value.Contains("Network", StringComparison.Ordinal)).Select(r => r.Options.Protect), Is.All.True);
    }
}
