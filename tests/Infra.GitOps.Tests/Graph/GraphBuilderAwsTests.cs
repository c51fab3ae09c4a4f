using NUnit.Framework;
using Infra.GitOps.Loading;
using Infra.GitOps.Model;
using static Infra.GitOps.Tests.Graph.TestDocuments;

namespace Infra.GitOps.Tests.Graph;

public class GraphBuilderAwsTests
{
    private const string Prefix = "urn:pulumi:dev::lab::";
    private const string Vpc = Prefix + "infra:index:Network$aws:ec2/vpc:Vpc::net";
    private const string SubnetWeb = Prefix + "infra:index:Network$aws:ec2/subnet:Subnet::net-web";
    private const string SubnetDb = Prefix + "infra:index:Network$aws:ec2/subnet:Subnet::net-db";
    private const string SecurityGroup = Prefix + "infra:index:Network$aws:ec2/securityGroup:SecurityGroup::net";
    private const string Instance0 = Prefix + "infra:index:VirtualMachine$aws:ec2/instance:Instance::web-0";
    private const string Instance1 = Prefix + "infra:index:VirtualMachine$aws:ec2/instance:Instance::web-1";
    private const string DiskVolume = Prefix + "infra:index:Disk$aws:ebs/volume:Volume::data";
    private const string Replica1Volume = Prefix + "infra:index:VirtualMachine$aws:ebs/volume:Volume::web-1-data";
    private const string Attachment0 = Prefix + "infra:index:VirtualMachine$aws:ec2/volumeAttachment:VolumeAttachment::web-0-data";
    private const string Attachment1 = Prefix + "infra:index:VirtualMachine$aws:ec2/volumeAttachment:VolumeAttachment::web-1-data";

    private static ResourceDocument AwsNetwork() => Network("net", "aws", new
    {
        cidr = "10.0.0.0/16",
        subnets = new[] { new { name = "web", cidr = "10.0.1.0/24" }, new { name = "db", cidr = "10.0.2.0/24" } },
        firewall = new object[]
        {
            new { name = "ssh", direction = "ingress", protocol = "tcp", ports = new object[] { 22, "8000-8080" }, sources = new[] { "10.0.0.0/8" } },
            new { name = "ping", protocol = "icmp" },
        },
    });

    private static TestStack AwsStack() => new TestStack().Add(
        AwsNetwork(),
        Disk("data", "aws", new { sizeGb = 20, type = "ssd" }),
        VirtualMachine("web", "aws", new { size = "medium", image = "ami-0123", network = "net", subnet = "db", disks = new[] { "data" }, count = 2, userData = "#cloud-config" }, labels: new Dictionary<string, string> { ["role"] = "web" }));

    [Test]
    public void Build_Network_VpcSubnetsAndSecurityGroup()
    {
        var graph = AwsStack().BuildGraph();
        var vpc = graph.Resource(Vpc);
        var web = graph.Resource(SubnetWeb);

        Assert.Multiple(() =>
        {
            Assert.That(vpc.Type.Token, Is.EqualTo("aws:ec2/vpc:Vpc"));
            Assert.That(vpc.Provider?.Value, Is.EqualTo("aws"));
            Assert.That(vpc.Parent?.Value, Is.EqualTo(Prefix + "infra:index:Network::net"));
            Assert.That(vpc.Input("cidrBlock"), Is.EqualTo(PropertyValue.Of("10.0.0.0/16")));
            Assert.That(web.Input("vpcId"), Is.EqualTo(new ReferenceValue(new Urn(Vpc), "id")));
            Assert.That(web.Input("cidrBlock"), Is.EqualTo(PropertyValue.Of("10.0.1.0/24")));
            Assert.That(web.Input("availabilityZone"), Is.EqualTo(PropertyValue.Of("eu-west-1a")));
            Assert.That(graph.Resource(SubnetDb).Input("cidrBlock"), Is.EqualTo(PropertyValue.Of("10.0.2.0/24")));
            Assert.That(web.PropertyDependencies["vpcId"].Select(u => u.Value), Is.EqualTo(new[] { Vpc }));
        });
    }

    [Test]
    public void Build_Firewall_SecurityGroupRulesPerPortRange()
    {
        var group = AwsStack().BuildGraph().Resource(SecurityGroup);
        var ingress = (ArrayValue)group.Input("ingress")!;
        var first = (ObjectValue)ingress.Items[0];
        var second = (ObjectValue)ingress.Items[1];
        var icmp = (ObjectValue)ingress.Items[2];

        Assert.Multiple(() =>
        {
            Assert.That(group.Input("vpcId"), Is.EqualTo(new ReferenceValue(new Urn(Vpc), "id")));
            Assert.That(ingress.Items, Has.Length.EqualTo(3));
            Assert.That(first["protocol"], Is.EqualTo(PropertyValue.Of("tcp")));
            Assert.That(first["fromPort"], Is.EqualTo(PropertyValue.Of(22)));
            Assert.That(first["toPort"], Is.EqualTo(PropertyValue.Of(22)));
            Assert.That(first["cidrBlocks"], Is.EqualTo(new ArrayValue([PropertyValue.Of("10.0.0.0/8")])));
            Assert.That(second["fromPort"], Is.EqualTo(PropertyValue.Of(8000)));
            Assert.That(second["toPort"], Is.EqualTo(PropertyValue.Of(8080)));
            Assert.That(icmp["protocol"], Is.EqualTo(PropertyValue.Of("icmp")));
            Assert.That(icmp["cidrBlocks"], Is.EqualTo(new ArrayValue([PropertyValue.Of("0.0.0.0/0")])));
            Assert.That(((ArrayValue)group.Input("egress")!).Items, Has.Length.EqualTo(1));
        });
    }

    [Test]
    public void Build_VirtualMachine_InstancePerReplicaWithSubnetAndGroup()
    {
        var graph = AwsStack().BuildGraph();
        var instance = graph.Resource(Instance0);
        var tags = (ObjectValue)instance.Input("tags")!;

        Assert.Multiple(() =>
        {
            Assert.That(graph.Resource(Instance1).Input("tags"), Is.Not.Null);
            Assert.That(instance.Input("ami"), Is.EqualTo(PropertyValue.Of("ami-0123")));
            Assert.That(instance.Input("instanceType"), Is.EqualTo(PropertyValue.Of("t3.medium")));
            Assert.That(instance.Input("subnetId"), Is.EqualTo(new ReferenceValue(new Urn(SubnetDb), "id")));
            Assert.That(instance.Input("vpcSecurityGroupIds"), Is.EqualTo(new ArrayValue([new ReferenceValue(new Urn(SecurityGroup), "id")])));
            Assert.That(instance.Input("userData"), Is.EqualTo(PropertyValue.Of("#cloud-config")));
            Assert.That(tags["Name"], Is.EqualTo(PropertyValue.Of("lab-dev-web-0")));
            Assert.That(tags["role"], Is.EqualTo(PropertyValue.Of("web")));
            Assert.That(instance.Dependencies.Select(u => u.Value), Is.EqualTo(new[] { DiskVolume, SecurityGroup, SubnetDb, SubnetWeb, Vpc }));
        });
    }

    [TestCase("small", "t3.micro")]
    [TestCase("medium", "t3.medium")]
    [TestCase("large", "t3.large")]
    [TestCase("m5.xlarge", "m5.xlarge")]
    public void Build_Size_MapsToInstanceType(string size, string instanceType)
    {
        var graph = new TestStack().Add(AwsNetwork(), VirtualMachine("web", "aws", new { size, image = "ami-1", network = "net" })).BuildGraph();

        Assert.That(graph.Resource(Instance0).Input("instanceType"), Is.EqualTo(PropertyValue.Of(instanceType)));
    }

    [Test]
    public void Build_Disks_VolumeAndAttachmentPerReplica()
    {
        var graph = AwsStack().BuildGraph();
        var attachment0 = graph.Resource(Attachment0);
        var attachment1 = graph.Resource(Attachment1);
        var disk = graph.Resource(DiskVolume);

        Assert.Multiple(() =>
        {
            Assert.That(disk.Input("size"), Is.EqualTo(PropertyValue.Of(20)));
            Assert.That(disk.Input("type"), Is.EqualTo(PropertyValue.Of("gp3")));
            Assert.That(disk.Input("availabilityZone"), Is.EqualTo(PropertyValue.Of("eu-west-1a")));
            Assert.That(attachment0.Input("volumeId"), Is.EqualTo(new ReferenceValue(new Urn(DiskVolume), "id")));
            Assert.That(attachment0.Input("instanceId"), Is.EqualTo(new ReferenceValue(new Urn(Instance0), "id")));
            Assert.That(attachment0.Input("deviceName"), Is.EqualTo(PropertyValue.Of("/dev/sdf")));
            Assert.That(attachment1.Input("volumeId"), Is.EqualTo(new ReferenceValue(new Urn(Replica1Volume), "id")));
            Assert.That(graph.Resource(Replica1Volume).Input("size"), Is.EqualTo(PropertyValue.Of(20)));
        });
    }

    [Test]
    public void Build_StandardDisk_StandardVolumeType()
    {
        var graph = new TestStack().Add(Disk("data", "aws", new { sizeGb = 5 })).BuildGraph();

        Assert.That(graph.Resource(DiskVolume).Input("type"), Is.EqualTo(PropertyValue.Of("standard")));
    }

    [Test]
    public void Build_Bucket_S3BucketPrivateWithVersioning()
    {
        var graph = new TestStack().Add(Bucket("logs", "aws", new { versioning = true })).BuildGraph();
        var bucket = graph.Resource(Prefix + "infra:index:Bucket$aws:s3/bucket:Bucket::logs");

        Assert.Multiple(() =>
        {
            Assert.That(bucket.Input("bucket"), Is.EqualTo(PropertyValue.Of("lab-dev-logs")));
            Assert.That(bucket.Input("acl"), Is.EqualTo(PropertyValue.Of("private")));
            Assert.That(bucket.Input("versioning"), Is.EqualTo(ObjectValue.Empty.With("enabled", PropertyValue.Of(true))));
        });
    }

    [Test]
    public void Build_DenyRule_FirewallRuleNotSupportedAtAction()
    {
        var network = Network("net", "aws", new { cidr = "10.0.0.0/16", firewall = new[] { new { name = "block", protocol = "tcp", action = "deny" } } });

        var error = new TestStack().Add(network).Build().SingleError(DiagnosticMessages.FirewallRuleNotSupportedCode);

        Assert.That(error.Location, Is.EqualTo(network.LocationOf("spec.firewall[0].action")));
    }

    [Test]
    public void Build_NoRegion_MissingProviderSettingAtProvider()
    {
        var disk = Disk("data", "aws");

        var error = new TestStack().Provider("aws", new { }).Add(disk).Build().SingleError(DiagnosticMessages.MissingProviderSettingCode);

        Assert.That(error.Location, Is.EqualTo(disk.LocationOf("spec.provider")));
    }

    [Test]
    public void Build_NetworkWithoutSubnets_OneSubnetCoveringTheRange()
    {
        var graph = new TestStack().Add(Network("net", "aws", new { cidr = "10.9.0.0/16" }), VirtualMachine("web", "aws", new { image = "ami-1", network = "net" })).BuildGraph();
        const string subnet = Prefix + "infra:index:Network$aws:ec2/subnet:Subnet::net-net";

        Assert.Multiple(() =>
        {
            Assert.That(graph.Resource(subnet).Input("cidrBlock"), Is.EqualTo(PropertyValue.Of("10.9.0.0/16")));
            Assert.That(graph.Resource(Instance0).Input("subnetId"), Is.EqualTo(new ReferenceValue(new Urn(subnet), "id")));
        });
    }
}
