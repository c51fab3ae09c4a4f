using System.Collections.Immutable;
using Infra.GitOps.Loading;
using Infra.GitOps.Model;

namespace Infra.GitOps.Graph.Translation;

/// <summary>
/// Cloud-neutral kinds on AWS: a Network is a VPC, its subnets (one covering the whole range when none is
/// declared) and a security group holding the firewall; a VM replica is an instance, with a volume attachment per
/// disk (replica 0 attaches the Disk document's volume, replicas 1.. get a volume of their own); a Disk is an
/// EBS volume; a Bucket an S3 bucket. Volumes and subnets share one availability zone, <c>availabilityZone</c>
/// from the provider settings or the region's <c>a</c> zone.
/// </summary>
internal static class AwsTranslator
{
    public static readonly ResourceType VpcType = new("aws:ec2/vpc:Vpc");
    public static readonly ResourceType SubnetType = new("aws:ec2/subnet:Subnet");
    public static readonly ResourceType SecurityGroupType = new("aws:ec2/securityGroup:SecurityGroup");
    public static readonly ResourceType InstanceType = new("aws:ec2/instance:Instance");
    public static readonly ResourceType VolumeType = new("aws:ebs/volume:Volume");
    public static readonly ResourceType VolumeAttachmentType = new("aws:ec2/volumeAttachment:VolumeAttachment");
    public static readonly ResourceType BucketType = new("aws:s3/bucket:Bucket");

    /// <summary>Cloud-neutral sizes as instance types.</summary>
    public static readonly ImmutableDictionary<string, string> Sizes = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["small"] = "t3.micro",
        ["medium"] = "t3.medium",
        ["large"] = "t3.large",
    }.ToImmutableDictionary(StringComparer.Ordinal);

    public static Urn VpcUrn(GraphBuildContext context, DocumentNode node) => context.ChildUrn(node, VpcType, node.Name);

    public static Urn SecurityGroupUrn(GraphBuildContext context, DocumentNode node) => context.ChildUrn(node, SecurityGroupType, node.Name);

    public static Urn SubnetUrn(GraphBuildContext context, DocumentNode node, string subnet) => context.ChildUrn(node, SubnetType, $"{node.Name}-{subnet}");

    public static Urn InstanceUrn(GraphBuildContext context, DocumentNode node, int replica) => context.ChildUrn(node, InstanceType, $"{node.Name}-{replica}");

    public static Urn DiskVolumeUrn(GraphBuildContext context, DocumentNode node) => context.ChildUrn(node, VolumeType, node.Name);

    public static Urn BucketUrn(GraphBuildContext context, DocumentNode node) => context.ChildUrn(node, BucketType, node.Name);

    public static PropertyValue Output(GraphBuildContext context, DocumentNode node, string output) => (node.Kind, output) switch
    {
        (DocumentKind.Network, "id") => Values.Ref(VpcUrn(context, node), "id"),
        (DocumentKind.Network, "name") => Values.Str(context.PhysicalName(node.Name)),
        (DocumentKind.Network, "cidr") => ComponentOutputs.Literal(node, "cidr") ?? Values.Ref(VpcUrn(context, node), "cidrBlock"),
        (DocumentKind.Disk, "id") => Values.Ref(DiskVolumeUrn(context, node), "id"),
        (DocumentKind.Disk, "name") => Values.Str(context.PhysicalName(node.Name)),
        (DocumentKind.Disk, "sizeGb") => ComponentOutputs.Literal(node, "sizeGb") ?? Values.Ref(DiskVolumeUrn(context, node), "size"),
        (DocumentKind.VirtualMachine, "id") => Values.Ref(InstanceUrn(context, node, 0), "id"),
        (DocumentKind.VirtualMachine, "name") => Values.Str(context.PhysicalName(node.Name, "0")),
        (DocumentKind.VirtualMachine, "ipAddress") => Values.Ref(InstanceUrn(context, node, 0), "privateIp"),
        (DocumentKind.VirtualMachine, "ipAddresses") => Values.Arr(Enumerable.Range(0, node.Count).Select(i => (PropertyValue)Values.Ref(InstanceUrn(context, node, i), "privateIp"))),
        (DocumentKind.Bucket, "id") => Values.Ref(BucketUrn(context, node), "id"),
        (DocumentKind.Bucket, "name") => Values.Ref(BucketUrn(context, node), "bucket"),
        (DocumentKind.Bucket, "url") => new InterpolationValue([Values.Str("https://"), Values.Ref(BucketUrn(context, node), "bucketRegionalDomainName")]),
        _ => UnknownValue.Instance,
    };

    public static void Translate(GraphBuildContext context, DocumentNode node)
    {
        switch (node.Kind)
        {
            case DocumentKind.Network:
                TranslateNetwork(context, node);
                break;
            case DocumentKind.Disk:
                context.AddChild(node, VolumeType, node.Name, Volume(context, node, context.PhysicalName(node.Name), node.Spec), ("size", "sizeGb"), ("type", "type"));
                break;
            case DocumentKind.VirtualMachine:
                TranslateVirtualMachine(context, node);
                break;
            case DocumentKind.Bucket:
                var isPublic = Values.GetBool(node.Spec, "public", false);
                context.AddChild(node, BucketType, node.Name, Values.Obj(
                    ("bucket", Values.Str(context.PhysicalName(node.Name))),
                    ("acl", Values.Str(isPublic ? "public-read" : "private")),
                    ("versioning", Values.Obj(("enabled", Values.Bool(Values.GetBool(node.Spec, "versioning", false))))),
                    ("tags", Tags(context.PhysicalName(node.Name), node.Document.Labels))), ("versioning", "versioning"), ("acl", "public"));
                break;
        }
    }

    /// <summary>The subnets a network becomes: the declared ones, or one named after the network covering its range.</summary>
    public static ImmutableArray<(string Name, PropertyValue? Cidr, string SpecKey)> Subnets(DocumentNode network)
    {
        var declared = Values.GetArray(network.Spec, "subnets");
        if (declared.Length == 0)
        {
            return [(network.Name, network.Spec["cidr"], "cidr")];
        }

        var result = ImmutableArray.CreateBuilder<(string, PropertyValue?, string)>();
        for (var i = 0; i < declared.Length; i++)
        {
            if (declared[i] is ObjectValue subnet && Values.GetString(subnet, "name") is { } name)
            {
                result.Add((name, subnet["cidr"], $"subnets[{i}].cidr"));
            }
        }

        return result.ToImmutable();
    }

    private static ObjectValue Tags(string name, ImmutableSortedDictionary<string, string> labels) =>
        ObjectValue.From(labels.Select(l => KeyValuePair.Create(l.Key, (PropertyValue)Values.Str(l.Value)))).With("Name", Values.Str(name));

    private static PropertyValue? AvailabilityZone(GraphBuildContext context, DocumentNode node)
    {
        var settings = context.ProviderSettings(ProviderName.Aws);
        if (settings["availabilityZone"] is StringValue zone)
        {
            return zone;
        }

        if (settings["region"] is StringValue region)
        {
            return Values.Str(region.Value + "a");
        }

        context.Error(DiagnosticMessages.MissingProviderSettingCode, node.Document.LocationOf("spec.provider"), DiagnosticMessages.MissingProviderSetting, "aws", "region");
        return null;
    }

    private static ObjectValue Volume(GraphBuildContext context, DocumentNode owner, string name, ObjectValue diskSpec) => Values.Obj(
        ("availabilityZone", AvailabilityZone(context, owner)),
        ("size", diskSpec["sizeGb"]),
        ("type", Values.Str(Values.GetString(diskSpec, "type") == "ssd" ? "gp3" : "standard")),
        ("tags", Tags(name, owner.Document.Labels)));

    private static void TranslateNetwork(GraphBuildContext context, DocumentNode node)
    {
        var vpc = context.AddChild(node, VpcType, node.Name, Values.Obj(
            ("cidrBlock", node.Spec["cidr"]),
            ("tags", Tags(context.PhysicalName(node.Name), node.Document.Labels))), ("cidrBlock", "cidr"));
        var zone = AvailabilityZone(context, node);
        foreach (var (name, cidr, key) in Subnets(node))
        {
            context.AddChild(node, SubnetType, $"{node.Name}-{name}", Values.Obj(
                ("vpcId", Values.Ref(vpc.Urn, "id")),
                ("cidrBlock", cidr),
                ("availabilityZone", zone),
                ("tags", Tags(context.PhysicalName(node.Name, name), node.Document.Labels))), ("cidrBlock", key));
        }

        var ingress = new List<PropertyValue>();
        var egress = new List<PropertyValue>();
        foreach (var rule in FirewallRule.Read(node.Spec))
        {
            if (!rule.Allow)
            {
                context.Error(DiagnosticMessages.FirewallRuleNotSupportedCode, node.LocationOf(rule.Key + ".action"), DiagnosticMessages.FirewallRuleNotSupported, "aws", rule.Name, "security groups only allow traffic");
                continue;
            }

            var protocol = rule.Protocol == "all" ? "-1" : rule.Protocol;
            var ranges = rule.Protocol switch
            {
                "icmp" => [(-1, -1)],
                "all" => [(0, 0)],
                _ when rule.Ports.IsEmpty => [(0, 65535)],
                _ => rule.Ports,
            };
            var peers = rule.Peers.IsEmpty ? [Values.Str("0.0.0.0/0")] : rule.Peers;
            foreach (var (from, to) in ranges)
            {
                (rule.Ingress ? ingress : egress).Add(Values.Obj(
                    ("description", Values.Str(rule.Name)),
                    ("protocol", Values.Str(protocol)),
                    ("fromPort", Values.Num(from)),
                    ("toPort", Values.Num(to)),
                    ("cidrBlocks", new ArrayValue(peers))));
            }
        }

        if (egress.Count == 0)
        {
            // AWS creates an allow-all egress rule that managed groups drop; keep outbound traffic working
            // unless the firewall says otherwise.
            egress.Add(Values.Obj(
                ("description", Values.Str("allow-all-egress")),
                ("protocol", Values.Str("-1")),
                ("fromPort", Values.Num(0)),
                ("toPort", Values.Num(0)),
                ("cidrBlocks", Values.Arr(Values.Str("0.0.0.0/0")))));
        }

        context.AddChild(node, SecurityGroupType, node.Name, Values.Obj(
            ("name", Values.Str(context.PhysicalName(node.Name))),
            ("description", Values.Str("Managed by Infra.GitOps")),
            ("vpcId", Values.Ref(vpc.Urn, "id")),
            ("ingress", Values.Arr(ingress)),
            ("egress", Values.Arr(egress)),
            ("tags", Tags(context.PhysicalName(node.Name), node.Document.Labels))), ("ingress", "firewall"), ("egress", "firewall"));
    }

    private static void TranslateVirtualMachine(GraphBuildContext context, DocumentNode node)
    {
        var vm = VirtualMachineSpec.Read(node);
        if (vm.Network is null || !context.Nodes.TryGetValue(vm.Network, out var network))
        {
            return;
        }

        var subnets = Subnets(network);
        var subnetName = vm.Subnet ?? (subnets.IsEmpty ? network.Name : subnets[0].Name);
        var subnet = SubnetUrn(context, network, subnetName);
        for (var i = 0; i < node.Count; i++)
        {
            var replica = $"{node.Name}-{i}";
            var inputs = Values.Obj(
                ("ami", vm.Image),
                ("instanceType", vm.ProviderSize(Sizes) ?? Values.Str(Sizes["small"])),
                ("subnetId", Values.Ref(subnet, "id")),
                ("vpcSecurityGroupIds", Values.Arr(Values.Ref(SecurityGroupUrn(context, network), "id"))),
                ("userData", vm.UserData),
                ("tags", Tags(context.PhysicalName(replica), node.Document.Labels)));
            var instance = context.AddChild(node, InstanceType, replica, Values.Merge(inputs, vm.ProviderOptions),
                ("ami", "image"), ("instanceType", "size"), ("subnetId", "subnet"), ("vpcSecurityGroupIds", "network"), ("userData", "userData"));
            for (var d = 0; d < vm.Disks.Length; d++)
            {
                var diskName = vm.Disks[d];
                if (!context.Nodes.TryGetValue(diskName, out var disk) || disk.Kind != DocumentKind.Disk)
                {
                    continue;
                }

                var volume = i == 0
                    ? DiskVolumeUrn(context, disk)
                    : context.AddChild(node, VolumeType, $"{replica}-{diskName}", Volume(context, node, context.PhysicalName(replica, diskName), disk.Spec), ("size", $"disks[{d}]")).Urn;
                context.AddChild(node, VolumeAttachmentType, $"{replica}-{diskName}", Values.Obj(
                    ("deviceName", Values.Str("/dev/sd" + (char)('f' + Math.Min(d, 20)))),
                    ("instanceId", Values.Ref(instance.Urn, "id")),
                    ("volumeId", Values.Ref(volume, "id"))), ("volumeId", $"disks[{d}]"));
            }
        }
    }
}
