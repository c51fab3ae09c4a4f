using NUnit.Framework;
using Infra.GitOps.Loading;
using Infra.GitOps.Model;
using static Infra.GitOps.Tests.Graph.TestDocuments;

namespace Infra.GitOps.Tests.Graph;

public class GraphBuilderLibvirtTests
{
    private const string Root = "urn:pulumi:dev::lab::pulumi:pulumi:Stack::lab-dev";
    private const string Pool = "urn:pulumi:dev::lab::libvirt:index/pool:Pool::lab-dev";
    private const string NetworkComponent = "urn:pulumi:dev::lab::infra:index:Network::lab-net";
    private const string Network = "urn:pulumi:dev::lab::infra:index:Network$libvirt:index/network:Network::lab-net";
    private const string DiskComponent = "urn:pulumi:dev::lab::infra:index:Disk::web-data";
    private const string DiskVolume = "urn:pulumi:dev::lab::infra:index:Disk$libvirt:index/volume:Volume::web-data";
    private const string VmComponent = "urn:pulumi:dev::lab::infra:index:VirtualMachine::web";
    private const string Domain0 = "urn:pulumi:dev::lab::infra:index:VirtualMachine$libvirt:index/domain:Domain::web-0";
    private const string Domain1 = "urn:pulumi:dev::lab::infra:index:VirtualMachine$libvirt:index/domain:Domain::web-1";
    private const string Replica1Volume = "urn:pulumi:dev::lab::infra:index:VirtualMachine$libvirt:index/volume:Volume::web-1-web-data";

    private static TestStack LabStack(object? vmSpec = null) => new TestStack().Add(
        Network("lab-net", "libvirt"),
        Disk("web-data", "libvirt", new { sizeGb = 2, type = "ssd" }),
        VirtualMachine("web", "libvirt", vmSpec ?? new { size = "small", image = "builtin:tiny", network = "lab-net", disks = new[] { "web-data" }, count = 2 }));

    [Test]
    public void Build_LibvirtStack_RootStackFirstThenPoolAndComponents()
    {
        var graph = LabStack().BuildGraph();

        Assert.Multiple(() =>
        {
            Assert.That(graph.Resources[0].Urn.Value, Is.EqualTo(Root));
            Assert.That(graph.Resources[0].Type.Token, Is.EqualTo("pulumi:pulumi:Stack"));
            Assert.That(graph.Resources[0].Parent, Is.Null);
            Assert.That(graph.Urns(), Is.EquivalentTo(new[] { Root, Pool, NetworkComponent, Network, DiskComponent, DiskVolume, VmComponent, Domain0, Domain1, Replica1Volume }));
        });
    }

    [Test]
    public void Build_Pool_IsImplicitPerStackWithContractInputs()
    {
        var pool = LabStack().BuildGraph().Resource(Pool);

        Assert.Multiple(() =>
        {
            Assert.That(pool.Custom, Is.True);
            Assert.That(pool.Parent?.Value, Is.EqualTo(Root));
            Assert.That(pool.Provider?.Value, Is.EqualTo("libvirt"));
            Assert.That(pool.Input("name"), Is.EqualTo(PropertyValue.Of("lab-dev")));
            Assert.That(pool.Input("type"), Is.EqualTo(PropertyValue.Of("dir")));
            Assert.That(pool.Input("path"), Is.EqualTo(PropertyValue.Of("/var/lib/infra-gitops/pools/lab-dev")));
        });
    }

    [Test]
    public void Build_Network_ComponentWithLibvirtNetworkChild()
    {
        var graph = LabStack().BuildGraph();
        var component = graph.Resource(NetworkComponent);
        var network = graph.Resource(Network);

        Assert.Multiple(() =>
        {
            Assert.That(component.Custom, Is.False);
            Assert.That(component.Provider, Is.Null);
            Assert.That(component.Parent?.Value, Is.EqualTo(Root));
            Assert.That(component.Input("cidr"), Is.EqualTo(PropertyValue.Of("10.10.0.0/24")));
            Assert.That(component.Input("provider"), Is.EqualTo(PropertyValue.Of("libvirt")));
            Assert.That(network.Parent?.Value, Is.EqualTo(NetworkComponent));
            Assert.That(network.Input("name"), Is.EqualTo(PropertyValue.Of("lab-dev-lab-net")));
            Assert.That(network.Input("mode"), Is.EqualTo(PropertyValue.Of("isolated")));
            Assert.That(network.Input("addresses"), Is.EqualTo(new ArrayValue([PropertyValue.Of("10.10.0.0/24")])));
            Assert.That(network.Input("dhcp"), Is.EqualTo(ObjectValue.Empty.With("enabled", PropertyValue.Of(true))));
            Assert.That(network.Input("autostart"), Is.EqualTo(PropertyValue.Of(true)));
        });
    }

    [Test]
    public void Build_RoutedNetwork_ModeRoute()
    {
        var graph = new TestStack().Add(Network("lab-net", "libvirt", new { cidr = "10.1.0.0/24", mode = "routed" })).BuildGraph();

        Assert.That(graph.Resource(Network).Input("mode"), Is.EqualTo(PropertyValue.Of("route")));
    }

    [Test]
    public void Build_Disk_VolumeInPoolSizedInBytes()
    {
        var graph = LabStack().BuildGraph();
        var volume = graph.Resource(DiskVolume);

        Assert.Multiple(() =>
        {
            Assert.That(volume.Parent?.Value, Is.EqualTo(DiskComponent));
            Assert.That(volume.Input("name"), Is.EqualTo(PropertyValue.Of("lab-dev-web-data")));
            Assert.That(volume.Input("pool"), Is.EqualTo(new ReferenceValue(new Urn(Pool), "name")));
            Assert.That(volume.Input("size"), Is.EqualTo(PropertyValue.Of(2d * 1024 * 1024 * 1024)));
            Assert.That(volume.Input("format"), Is.EqualTo(PropertyValue.Of("qcow2")));
            Assert.That(volume.Dependencies.Select(u => u.Value), Is.EqualTo(new[] { Pool }));
            Assert.That(volume.PropertyDependencies["pool"].Select(u => u.Value), Is.EqualTo(new[] { Pool }));
        });
    }

    [Test]
    public void Build_VirtualMachineCountTwo_TwoDomainsWithTinyKernelBoot()
    {
        var graph = LabStack().BuildGraph();
        var domain0 = graph.Resource(Domain0);
        var domain1 = graph.Resource(Domain1);

        Assert.Multiple(() =>
        {
            Assert.That(domain0.Parent?.Value, Is.EqualTo(VmComponent));
            Assert.That(domain0.Input("name"), Is.EqualTo(PropertyValue.Of("lab-dev-web-0")));
            Assert.That(domain1.Input("name"), Is.EqualTo(PropertyValue.Of("lab-dev-web-1")));
            Assert.That(domain0.Input("vcpu"), Is.EqualTo(PropertyValue.Of(1)));
            Assert.That(domain0.Input("memory"), Is.EqualTo(PropertyValue.Of(256)));
            Assert.That(domain0.Input("running"), Is.EqualTo(PropertyValue.Of(true)));
            Assert.That(domain0.Input("autostart"), Is.EqualTo(PropertyValue.Of(true)));
            Assert.That(domain0.Input("kernel"), Is.EqualTo(PropertyValue.Of("/var/lib/infra-gitops/images/tiny/vmlinuz")));
            Assert.That(domain0.Input("initrd"), Is.EqualTo(PropertyValue.Of("/var/lib/infra-gitops/images/tiny/initrd.img")));
            Assert.That(domain0.Input("cmdline"), Is.EqualTo(PropertyValue.Of("console=ttyS0 quiet")));
        });
    }

    [Test]
    public void Build_VirtualMachine_InterfacesReferenceTheNetworkName()
    {
        var domain = LabStack().BuildGraph().Resource(Domain0);
        var expected = new ArrayValue([ObjectValue.Empty
            .With("networkName", new ReferenceValue(new Urn(Network), "name"))
            .With("waitForLease", PropertyValue.Of(false))]);

        Assert.Multiple(() =>
        {
            Assert.That(domain.Input("networkInterfaces"), Is.EqualTo(expected));
            Assert.That(domain.PropertyDependencies["networkInterfaces"].Select(u => u.Value), Is.EqualTo(new[] { Network }));
        });
    }

    [Test]
    public void Build_VirtualMachineDisks_ReplicaZeroAttachesTheDiskVolumeOthersGetTheirOwn()
    {
        var graph = LabStack().BuildGraph();
        var own = graph.Resource(Replica1Volume);

        Assert.Multiple(() =>
        {
            Assert.That(graph.Resource(Domain0).Input("disks"), Is.EqualTo(new ArrayValue([ObjectValue.Empty.With("volumeId", new ReferenceValue(new Urn(DiskVolume), "id"))])));
            Assert.That(graph.Resource(Domain1).Input("disks"), Is.EqualTo(new ArrayValue([ObjectValue.Empty.With("volumeId", new ReferenceValue(new Urn(Replica1Volume), "id"))])));
            Assert.That(own.Parent?.Value, Is.EqualTo(VmComponent));
            Assert.That(own.Input("name"), Is.EqualTo(PropertyValue.Of("lab-dev-web-1-web-data")));
            Assert.That(own.Input("size"), Is.EqualTo(PropertyValue.Of(2d * 1024 * 1024 * 1024)));
        });
    }

    [Test]
    public void Build_VirtualMachine_DependsOnAllChildrenOfItsNetworkAndDisks()
    {
        var graph = LabStack().BuildGraph();

        Assert.Multiple(() =>
        {
            Assert.That(graph.Resource(Domain0).Dependencies.Select(u => u.Value), Is.EqualTo(new[] { DiskVolume, Network }));
            Assert.That(graph.Resource(Domain1).Dependencies.Select(u => u.Value), Is.EqualTo(new[] { DiskVolume, Network, Replica1Volume }));
            Assert.That(graph.Resource(VmComponent).Dependencies.Select(u => u.Value), Is.EqualTo(new[] { DiskVolume, Network }));
        });
    }

    [Test]
    public void Build_Order_ParentsAndDependenciesComeFirst()
    {
        var graph = LabStack().BuildGraph();

        Assert.Multiple(() =>
        {
            Assert.That(graph.IndexOf(Root), Is.EqualTo(0));
            Assert.That(graph.IndexOf(Pool), Is.LessThan(graph.IndexOf(DiskVolume)));
            Assert.That(graph.IndexOf(DiskComponent), Is.LessThan(graph.IndexOf(DiskVolume)));
            Assert.That(graph.IndexOf(Network), Is.LessThan(graph.IndexOf(Domain0)));
            Assert.That(graph.IndexOf(DiskVolume), Is.LessThan(graph.IndexOf(Domain0)));
            Assert.That(graph.IndexOf(Replica1Volume), Is.LessThan(graph.IndexOf(Domain1)));
            Assert.That(graph.IndexOf(VmComponent), Is.LessThan(graph.IndexOf(Domain0)));
        });
    }

    [Test]
    public void Build_Qcow2Image_RootVolumeCopyOnWriteAndNoKernel()
    {
        var graph = LabStack(new { size = "small", image = "/var/lib/images/debian.qcow2", network = "lab-net" }).BuildGraph();
        const string root = "urn:pulumi:dev::lab::infra:index:VirtualMachine$libvirt:index/volume:Volume::web-0-root";
        var volume = graph.Resource(root);
        var domain = graph.Resource(Domain0);

        Assert.Multiple(() =>
        {
            Assert.That(volume.Input("name"), Is.EqualTo(PropertyValue.Of("lab-dev-web-0-root")));
            Assert.That(volume.Input("baseVolumeId"), Is.EqualTo(PropertyValue.Of("/var/lib/images/debian.qcow2")));
            Assert.That(volume.Input("format"), Is.EqualTo(PropertyValue.Of("qcow2")));
            Assert.That(domain.Input("kernel"), Is.Null);
            Assert.That(domain.Input("disks"), Is.EqualTo(new ArrayValue([ObjectValue.Empty.With("volumeId", new ReferenceValue(new Urn(root), "id"))])));
            Assert.That(graph.IndexOf(root), Is.LessThan(graph.IndexOf(Domain0)));
        });
    }

    [TestCase("small", 1, 256)]
    [TestCase("medium", 2, 512)]
    [TestCase("large", 4, 1024)]
    public void Build_Size_MapsToCpusAndMemory(string size, int cpus, int memory)
    {
        var domain = LabStack(new { size, image = "builtin:tiny", network = "lab-net" }).BuildGraph().Resource(Domain0);

        Assert.Multiple(() =>
        {
            Assert.That(domain.Input("vcpu"), Is.EqualTo(PropertyValue.Of(cpus)));
            Assert.That(domain.Input("memory"), Is.EqualTo(PropertyValue.Of(memory)));
        });
    }

    [Test]
    public void Build_CpusAndMemoryOverrides_WinOverTheSize()
    {
        var domain = LabStack(new { size = "medium", cpus = 3, memoryMiB = 768, image = "builtin:tiny", network = "lab-net", running = false }).BuildGraph().Resource(Domain0);

        Assert.Multiple(() =>
        {
            Assert.That(domain.Input("vcpu"), Is.EqualTo(PropertyValue.Of(3)));
            Assert.That(domain.Input("memory"), Is.EqualTo(PropertyValue.Of(768)));
            Assert.That(domain.Input("running"), Is.EqualTo(PropertyValue.Of(false)));
        });
    }

    [Test]
    public void Build_CountFromVariable_OneDomainPerReplica()
    {
        var graph = LabStack(new { size = "small", image = "builtin:tiny", network = "lab-net", count = "${var.replicas}" })
            .Variable("replicas", 3)
            .BuildGraph();

        Assert.That(graph.Urns().Count(u => u.Contains("libvirt:index/domain:Domain::", StringComparison.Ordinal)), Is.EqualTo(3));
    }

    [Test]
    public void Build_UnknownSizeWithoutOverrides_InvalidSizeAtSize()
    {
        var stack = LabStack(new { size = "t3.micro", image = "builtin:tiny", network = "lab-net" });
        var result = stack.Build();
        var vm = stack.Stack.Documents.Single(d => d.Name == "web");

        var error = result.SingleError(DiagnosticMessages.InvalidSizeCode);
        Assert.That(error.Location, Is.EqualTo(vm.LocationOf("spec.size")));
    }

    [Test]
    public void Build_RelativeImagePath_InvalidImageAtImage()
    {
        var stack = LabStack(new { size = "small", image = "images/debian.qcow2", network = "lab-net" });
        var vm = stack.Stack.Documents.Single(d => d.Name == "web");

        var error = stack.Build().SingleError(DiagnosticMessages.UnsupportedImageCode);
        Assert.That(error.Location, Is.EqualTo(vm.LocationOf("spec.image")));
    }

    [Test]
    public void Build_BucketOnLibvirt_KindNotSupportedAtProvider()
    {
        var bucket = Bucket("logs", "libvirt");
        var result = new TestStack().Add(bucket).Build();

        var error = result.SingleError(DiagnosticMessages.KindNotSupportedCode);
        Assert.Multiple(() =>
        {
            Assert.That(error.Location, Is.EqualTo(bucket.LocationOf("spec.provider")));
            Assert.That(error.Location.ToString(), Is.EqualTo("infra/logs.yaml:2:3"));
            Assert.That(error.Message, Does.Contain("aws, azure"));
            Assert.That(result.Value, Is.Null);
        });
    }

    [Test]
    public void Build_FirewallOnLibvirt_WarningAndTheGraphStillBuilds()
    {
        var network = Network("lab-net", "libvirt", new { cidr = "10.1.0.0/24", firewall = new[] { new { name = "ssh", protocol = "tcp", ports = new[] { 22 } } } });
        var result = new TestStack().Add(network).Build();

        Assert.Multiple(() =>
        {
            Assert.That(result.HasErrors, Is.False);
            Assert.That(result.Value, Is.Not.Null);
            Assert.That(result.Diagnostics.Single().Code, Is.EqualTo(DiagnosticMessages.FirewallIgnoredCode));
            Assert.That(result.Diagnostics.Single().Severity, Is.EqualTo(Severity.Warning));
            Assert.That(result.Diagnostics.Single().Location, Is.EqualTo(network.LocationOf("spec.firewall")));
        });
    }

    [Test]
    public void Build_NoLibvirtDocuments_NoPool()
    {
        var graph = new TestStack().Add(Bucket("logs", "aws")).BuildGraph();

        Assert.That(graph.Urns(), Does.Not.Contain(Pool));
    }
}
