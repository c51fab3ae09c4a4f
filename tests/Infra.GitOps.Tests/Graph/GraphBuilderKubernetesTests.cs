using NUnit.Framework;
using Infra.GitOps.Loading;
using Infra.GitOps.Model;
using static Infra.GitOps.Tests.Graph.TestDocuments;

namespace Infra.GitOps.Tests.Graph;

public class GraphBuilderKubernetesTests
{
    private const string Prefix = "urn:pulumi:dev::lab::";

    [TestCase("apps/v1", "Deployment", "kubernetes:apps/v1:Deployment")]
    [TestCase("v1", "ConfigMap", "kubernetes:core/v1:ConfigMap")]
    [TestCase("networking.k8s.io/v1", "Ingress", "kubernetes:networking.k8s.io/v1:Ingress")]
    public void Build_KubernetesObject_TokenFromApiVersionAndKind(string apiVersion, string kind, string token)
    {
        var graph = new TestStack().Add(Kubernetes(apiVersion, kind, "web", new { spec = new { replicas = 2 } })).BuildGraph();
        var resource = graph.Resource(Prefix + token + "::web");

        Assert.Multiple(() =>
        {
            Assert.That(resource.Type.Token, Is.EqualTo(token));
            Assert.That(resource.Custom, Is.True);
            Assert.That(resource.Provider?.Value, Is.EqualTo("kubernetes"));
            Assert.That(resource.Parent, Is.EqualTo(graph.RootUrn));
            Assert.That(resource.Input("apiVersion"), Is.EqualTo(PropertyValue.Of(apiVersion)));
            Assert.That(resource.Input("kind"), Is.EqualTo(PropertyValue.Of(kind)));
            Assert.That(resource.Input("metadata"), Is.EqualTo(ObjectValue.Empty.With("name", PropertyValue.Of("web"))));
            Assert.That(resource.Input("spec"), Is.EqualTo(ObjectValue.Empty.With("replicas", PropertyValue.Of(2))));
        });
    }

    [Test]
    public void Build_Disk_PersistentVolumeClaimInProviderNamespace()
    {
        var graph = new TestStack().Add(Disk("data", "kubernetes", new { sizeGb = 5 })).BuildGraph();
        var claim = graph.Resource(Prefix + "infra:index:Disk$kubernetes:core/v1:PersistentVolumeClaim::data");
        var expectedSpec = TestValues.Object(new Dictionary<string, object?>
        {
            ["accessModes"] = new[] { "ReadWriteOnce" },
            ["resources"] = new Dictionary<string, object?> { ["requests"] = new Dictionary<string, object?> { ["storage"] = "5Gi" } },
        });

        Assert.Multiple(() =>
        {
            Assert.That(claim.Input("kind"), Is.EqualTo(PropertyValue.Of("PersistentVolumeClaim")));
            Assert.That(claim.Input("metadata"), Is.EqualTo(ObjectValue.Empty.With("name", PropertyValue.Of("data")).With("namespace", PropertyValue.Of("apps"))));
            Assert.That(claim.Input("spec"), Is.EqualTo(expectedSpec));
        });
    }

    [Test]
    public void Build_NetworkWithFirewall_NetworkPolicy()
    {
        var graph = new TestStack().Add(Network("net", "kubernetes", new
        {
            cidr = "10.0.0.0/16",
            firewall = new object[]
            {
                new { name = "web", protocol = "tcp", ports = new object[] { 80, "8000-8080" }, sources = new[] { "10.1.0.0/16" } },
                new { name = "dns", direction = "egress", protocol = "udp", ports = new[] { 53 } },
            },
        })).BuildGraph();
        var policy = graph.Resource(Prefix + "infra:index:Network$kubernetes:networking.k8s.io/v1:NetworkPolicy::net");
        var spec = (ObjectValue)policy.Input("spec")!;
        var ingress = (ObjectValue)((ArrayValue)spec["ingress"]!).Items[0];
        var ports = (ArrayValue)ingress["ports"]!;

        Assert.Multiple(() =>
        {
            Assert.That(spec["policyTypes"], Is.EqualTo(new ArrayValue([PropertyValue.Of("Ingress"), PropertyValue.Of("Egress")])));
            Assert.That(spec["podSelector"], Is.EqualTo(ObjectValue.Empty));
            Assert.That(ingress["from"], Is.EqualTo(new ArrayValue([ObjectValue.Empty.With("ipBlock", ObjectValue.Empty.With("cidr", PropertyValue.Of("10.1.0.0/16")))])));
            Assert.That(ports.Items[0], Is.EqualTo(ObjectValue.Empty.With("protocol", PropertyValue.Of("TCP")).With("port", PropertyValue.Of(80))));
            Assert.That(ports.Items[1], Is.EqualTo(ObjectValue.Empty.With("protocol", PropertyValue.Of("TCP")).With("port", PropertyValue.Of(8000)).With("endPort", PropertyValue.Of(8080))));
            Assert.That(((ArrayValue)spec["egress"]!).Items, Has.Length.EqualTo(1));
        });
    }

    [Test]
    public void Build_VirtualMachineOnKubernetes_KindNotSupportedAtProvider()
    {
        var vm = VirtualMachine("web", "kubernetes", new { image = "busybox", network = "net" });
        var result = new TestStack().Add(Network("net", "kubernetes"), vm).Build();

        var error = result.SingleError(DiagnosticMessages.KindNotSupportedCode);

        Assert.That(error.Location, Is.EqualTo(vm.LocationOf("spec.provider")));
    }

    [Test]
    public void Build_BucketOnKubernetes_KindNotSupportedAtProvider()
    {
        var bucket = Bucket("logs", "kubernetes");

        var error = new TestStack().Add(bucket).Build().SingleError(DiagnosticMessages.KindNotSupportedCode);

        Assert.That(error.Location, Is.EqualTo(bucket.LocationOf("spec.provider")));
    }

    [Test]
    public void Build_IcmpRule_FirewallRuleNotSupportedAtProtocol()
    {
        var network = Network("net", "kubernetes", new { cidr = "10.0.0.0/16", firewall = new[] { new { name = "ping", protocol = "icmp" } } });

        var error = new TestStack().Add(network).Build().SingleError(DiagnosticMessages.FirewallRuleNotSupportedCode);

        Assert.That(error.Location, Is.EqualTo(network.LocationOf("spec.firewall[0].protocol")));
    }
}
