using NUnit.Framework;
using Infra.GitOps.Loading;
using Infra.GitOps.Model;
using static Infra.GitOps.Tests.Graph.TestDocuments;

namespace Infra.GitOps.Tests.Graph;

public class GraphBuilderAzureTests
{
    private const string Prefix = "urn:pulumi:dev::lab::";
    private const string Group = Prefix + "azure:core/resourceGroup:ResourceGroup::lab-dev";
    private const string VirtualNetwork = Prefix + "infra:index:Network$azure:network/virtualNetwork:VirtualNetwork::net";
    private const string Subnet = Prefix + "infra:index:Network$azure:network/subnet:Subnet::net-web";
    private const string SecurityGroup = Prefix + "infra:index:Network$azure:network/networkSecurityGroup:NetworkSecurityGroup::net";
    private const string Nic0 = Prefix + "infra:index:VirtualMachine$azure:network/networkInterface:NetworkInterface::web-0";
    private const string Vm0 = Prefix + "infra:index:VirtualMachine$azure:compute/linuxVirtualMachine:LinuxVirtualMachine::web-0";
    private const string Vm1 = Prefix + "infra:index:VirtualMachine$azure:compute/linuxVirtualMachine:LinuxVirtualMachine::web-1";
    private const string ManagedDisk = Prefix + "infra:index:Disk$azure:compute/managedDisk:ManagedDisk::data";
    private const string Replica1Disk = Prefix + "infra:index:VirtualMachine$azure:compute/managedDisk:ManagedDisk::web-1-data";

    private static TestStack AzureStack(string image = "Canonical:ubuntu-24_04-lts:server:latest") => new TestStack().Add(
        Network("net", "azure", new
        {
            cidr = "10.0.0.0/16",
            subnets = new[] { new { name = "web", cidr = "10.0.1.0/24" } },
            firewall = new object[]
            {
                new { name = "ssh", protocol = "tcp", ports = new object[] { 22, "8000-8080" }, sources = new[] { "10.0.0.0/8" } },
                new { name = "no-smtp", direction = "egress", protocol = "tcp", ports = new[] { 25 }, action = "deny" },
            },
        }),
        Disk("data", "azure", new { sizeGb = 64, type = "ssd" }),
        VirtualMachine("web", "azure", new { size = "large", image, network = "net", disks = new[] { "data" }, count = 2, sshKeys = new[] { "ssh-ed25519 AAAA" } }));

    [Test]
    public void Build_AzureStack_ResourceGroupPerStackWithLocation()
    {
        var graph = AzureStack().BuildGraph();
        var group = graph.Resource(Group);

        Assert.Multiple(() =>
        {
            Assert.That(group.Parent?.Value, Is.EqualTo(graph.RootUrn.Value));
            Assert.That(group.Input("name"), Is.EqualTo(PropertyValue.Of("lab-dev")));
            Assert.That(group.Input("location"), Is.EqualTo(PropertyValue.Of("westeurope")));
            Assert.That(graph.IndexOf(Group), Is.LessThan(graph.IndexOf(VirtualNetwork)));
        });
    }

    [Test]
    public void Build_Network_VirtualNetworkSubnetAndSecurityRules()
    {
        var graph = AzureStack().BuildGraph();
        var vnet = graph.Resource(VirtualNetwork);
        var subnet = graph.Resource(Subnet);
        var rules = (ArrayValue)graph.Resource(SecurityGroup).Input("securityRules")!;
        var ssh = (ObjectValue)rules.Items[0];
        var smtp = (ObjectValue)rules.Items[1];

        Assert.Multiple(() =>
        {
            Assert.That(vnet.Input("resourceGroupName"), Is.EqualTo(new ReferenceValue(new Urn(Group), "name")));
            Assert.That(vnet.Input("location"), Is.EqualTo(new ReferenceValue(new Urn(Group), "location")));
            Assert.That(vnet.Input("addressSpaces"), Is.EqualTo(new ArrayValue([PropertyValue.Of("10.0.0.0/16")])));
            Assert.That(subnet.Input("virtualNetworkName"), Is.EqualTo(new ReferenceValue(new Urn(VirtualNetwork), "name")));
            Assert.That(subnet.Input("addressPrefixes"), Is.EqualTo(new ArrayValue([PropertyValue.Of("10.0.1.0/24")])));
            Assert.That(ssh["direction"], Is.EqualTo(PropertyValue.Of("Inbound")));
            Assert.That(ssh["access"], Is.EqualTo(PropertyValue.Of("Allow")));
            Assert.That(ssh["protocol"], Is.EqualTo(PropertyValue.Of("Tcp")));
            Assert.That(ssh["priority"], Is.EqualTo(PropertyValue.Of(100)));
            Assert.That(ssh["destinationPortRanges"], Is.EqualTo(new ArrayValue([PropertyValue.Of("22"), PropertyValue.Of("8000-8080")])));
            Assert.That(ssh["sourceAddressPrefixes"], Is.EqualTo(new ArrayValue([PropertyValue.Of("10.0.0.0/8")])));
            Assert.That(smtp["direction"], Is.EqualTo(PropertyValue.Of("Outbound")));
            Assert.That(smtp["access"], Is.EqualTo(PropertyValue.Of("Deny")));
            Assert.That(smtp["priority"], Is.EqualTo(PropertyValue.Of(100)));
        });
    }

    [TestCase("small", "Standard_B1s")]
    [TestCase("medium", "Standard_B2s")]
    [TestCase("large", "Standard_B4ms")]
    public void Build_Size_MapsToVmSize(string size, string vmSize)
    {
        var graph = new TestStack().Add(Network("net", "azure"), VirtualMachine("web", "azure", new { size, image = "a:b:c:latest", network = "net" })).BuildGraph();

        Assert.That(graph.Resource(Vm0).Input("size"), Is.EqualTo(PropertyValue.Of(vmSize)));
    }

    [Test]
    public void Build_VirtualMachine_NicAndLinuxVmPerReplica()
    {
        var graph = AzureStack().BuildGraph();
        var vm = graph.Resource(Vm0);
        var nic = graph.Resource(Nic0);
        var image = ObjectValue.Empty
            .With("publisher", PropertyValue.Of("Canonical")).With("offer", PropertyValue.Of("ubuntu-24_04-lts"))
            .With("sku", PropertyValue.Of("server")).With("version", PropertyValue.Of("latest"));

        Assert.Multiple(() =>
        {
            Assert.That(graph.Resource(Vm1).Input("name"), Is.EqualTo(PropertyValue.Of("lab-dev-web-1")));
            Assert.That(((ObjectValue)((ArrayValue)nic.Input("ipConfigurations")!).Items[0])["subnetId"], Is.EqualTo(new ReferenceValue(new Urn(Subnet), "id")));
            Assert.That(vm.Input("networkInterfaceIds"), Is.EqualTo(new ArrayValue([new ReferenceValue(new Urn(Nic0), "id")])));
            Assert.That(vm.Input("size"), Is.EqualTo(PropertyValue.Of("Standard_B4ms")));
            Assert.That(vm.Input("sourceImageReference"), Is.EqualTo(image));
            Assert.That(vm.Input("osDisk"), Is.EqualTo(ObjectValue.Empty.With("caching", PropertyValue.Of("ReadWrite")).With("storageAccountType", PropertyValue.Of("Standard_LRS"))));
            Assert.That(vm.Input("adminSshKeys"), Is.EqualTo(new ArrayValue([ObjectValue.Empty.With("username", PropertyValue.Of("azureuser")).With("publicKey", PropertyValue.Of("ssh-ed25519 AAAA"))])));
            Assert.That(graph.IndexOf(Nic0), Is.LessThan(graph.IndexOf(Vm0)));
        });
    }

    [Test]
    public void Build_Disks_ManagedDiskAndAttachments()
    {
        var graph = AzureStack().BuildGraph();
        var disk = graph.Resource(ManagedDisk);
        var attachment0 = graph.Resource(Prefix + "infra:index:VirtualMachine$azure:compute/dataDiskAttachment:DataDiskAttachment::web-0-data");
        var attachment1 = graph.Resource(Prefix + "infra:index:VirtualMachine$azure:compute/dataDiskAttachment:DataDiskAttachment::web-1-data");

        Assert.Multiple(() =>
        {
            Assert.That(disk.Input("diskSizeGb"), Is.EqualTo(PropertyValue.Of(64)));
            Assert.That(disk.Input("storageAccountType"), Is.EqualTo(PropertyValue.Of("Premium_LRS")));
            Assert.That(disk.Input("createOption"), Is.EqualTo(PropertyValue.Of("Empty")));
            Assert.That(attachment0.Input("managedDiskId"), Is.EqualTo(new ReferenceValue(new Urn(ManagedDisk), "id")));
            Assert.That(attachment0.Input("virtualMachineId"), Is.EqualTo(new ReferenceValue(new Urn(Vm0), "id")));
            Assert.That(attachment1.Input("managedDiskId"), Is.EqualTo(new ReferenceValue(new Urn(Replica1Disk), "id")));
        });
    }

    [Test]
    public void Build_Bucket_StorageAccountAndContainer()
    {
        var graph = new TestStack().Add(Bucket("logs", "azure", new { versioning = true })).BuildGraph();
        var account = graph.Resource(Prefix + "infra:index:Bucket$azure:storage/account:Account::logs");
        var container = graph.Resource(Prefix + "infra:index:Bucket$azure:storage/container:Container::logs");

        Assert.Multiple(() =>
        {
            Assert.That(account.Input("name"), Is.EqualTo(PropertyValue.Of("labdevlogs")));
            Assert.That(account.Input("accountTier"), Is.EqualTo(PropertyValue.Of("Standard")));
            Assert.That(account.Input("accountReplicationType"), Is.EqualTo(PropertyValue.Of("LRS")));
            Assert.That(container.Input("storageAccountName"), Is.EqualTo(new ReferenceValue(account.Urn, "name")));
            Assert.That(container.Input("containerAccessType"), Is.EqualTo(PropertyValue.Of("private")));
        });
    }

    [Test]
    public void Build_BadImage_InvalidImageAtImage()
    {
        var stack = AzureStack("ubuntu");
        var vm = stack.Stack.Documents.Single(d => d.Name == "web");

        var error = stack.Build().SingleError(DiagnosticMessages.UnsupportedImageCode);

        Assert.That(error.Location, Is.EqualTo(vm.LocationOf("spec.image")));
    }

    [Test]
    public void Build_NoLocation_MissingProviderSetting()
    {
        var error = new TestStack().Provider("azure", new { subscriptionId = "0" }).Add(Disk("data", "azure")).Build()
            .SingleError(DiagnosticMessages.MissingProviderSettingCode);

        Assert.That(error.Message, Does.Contain("'location'"));
    }
}
