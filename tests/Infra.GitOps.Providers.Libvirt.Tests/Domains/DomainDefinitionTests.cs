using System.Collections.Immutable;
using System.Xml.Linq;
using Infra.GitOps.Model;
using Infra.GitOps.Providers.Libvirt.Domains;
using Infra.GitOps.Providers.Libvirt.Networks;
using Infra.GitOps.Providers.Libvirt.Tagging;

namespace Infra.GitOps.Providers.Libvirt.Tests.Domains;

public sealed class DomainDefinitionTests
{
    private static readonly Urn Urn = Urn.Create("dev", "lab", null, new ResourceType("libvirt:index/domain:Domain"), "web-0");

    [Test]
    public void Build_HostileCommandLine_IsEscapedAndRoundTrips()
    {
        const string cmdline = "console=ttyS0 x='</cmdline><devices/>' & <!-- \"";
        var spec = new DomainSpec("web-0", 1, 128, true, false, "/k", "/i", cmdline, ImmutableArray<string>.Empty, ImmutableArray<InterfaceSpec>.Empty);

        var xml = DomainDefinition.Build(spec, Urn, null, [], _ => "qcow2");

        var parsed = DomainDefinition.Parse(xml);
        Assert.Multiple(() =>
        {
            Assert.That(parsed.Cmdline, Is.EqualTo(cmdline));
            Assert.That(XElement.Parse(xml).Element("devices")!.Elements("devices"), Is.Empty); // Build always writes <devices>.
            Assert.That(UrnTag.FromDefinition(XElement.Parse(xml)), Is.EqualTo(Urn.Value));
        });
    }

    [Test]
    public void Build_InterfacesAndDisks_UseVirtioWithoutRomAndKeepGivenMacs()
    {
        var spec = new DomainSpec(
            "web-0", 2, 256, true, false, null, null, null,
            ["/pool/a.qcow2", "/pool/b.raw"],
            [new InterfaceSpec("net-a", null, true), new InterfaceSpec("net-b", "52:54:00:aa:bb:cc", false)]);

        var xml = XElement.Parse(DomainDefinition.Build(spec, Urn, "0b7d1b6e-2a52-4a39-9d4e-1f3c8b6c9f00", ["52:54:00:00:00:01"], p => p.EndsWith(".raw", StringComparison.Ordinal) ? "raw" : "qcow2"));

        var nics = xml.Element("devices")!.Elements("interface").ToList(); // Build always writes <devices>.
        var disks = xml.Element("devices")!.Elements("disk").ToList(); // Build always writes <devices>.
        Assert.Multiple(() =>
        {
            Assert.That(nics.Select(n => n.Element("mac")?.Attribute("address")?.Value), Is.EqualTo(new[] { "52:54:00:00:00:01", "52:54:00:aa:bb:cc" }));
            Assert.That(nics.Select(n => n.Element("rom")?.Attribute("enabled")?.Value), Is.All.EqualTo("no"));
            Assert.That(nics.Select(n => n.Element("model")?.Attribute("type")?.Value), Is.All.EqualTo("virtio"));
            Assert.That(disks.Select(d => d.Element("target")?.Attribute("dev")?.Value), Is.EqualTo(new[] { "vda", "vdb" }));
            Assert.That(disks.Select(d => d.Element("driver")?.Attribute("type")?.Value), Is.EqualTo(new[] { "qcow2", "raw" }));
            Assert.That(xml.Element("os")?.Element("boot")?.Attribute("dev")?.Value, Is.EqualTo("hd"));
            Assert.That(xml.Element("uuid")?.Value, Is.EqualTo("0b7d1b6e-2a52-4a39-9d4e-1f3c8b6c9f00"));
        });
    }

    [Test]
    public void NetworkBuild_Isolated_HasNoForwardAndDhcpOnTheRest()
    {
        Assert.That(Ipv4Cidr.TryParse("10.10.0.0/24", out var cidr, out _), Is.True);
        var spec = new NetworkSpec("lab-net", "isolated", null, [cidr], DhcpEnabled: true, Autostart: false);

        var xml = XElement.Parse(NetworkDefinition.Build(spec, Urn, null));

        var ip = xml.Element("ip");
        Assert.Multiple(() =>
        {
            Assert.That(xml.Element("forward"), Is.Null);
            Assert.That(ip?.Attribute("address")?.Value, Is.EqualTo("10.10.0.1"));
            Assert.That(ip?.Element("dhcp")?.Element("range")?.Attribute("start")?.Value, Is.EqualTo("10.10.0.2"));
            Assert.That(ip?.Element("dhcp")?.Element("range")?.Attribute("end")?.Value, Is.EqualTo("10.10.0.254"));
            Assert.That(NetworkDefinition.Parse(xml.ToString()).Addresses, Is.EqualTo(new[] { cidr }));
        });
    }
}
