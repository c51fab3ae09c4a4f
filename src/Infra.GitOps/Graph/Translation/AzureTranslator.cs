using System.Collections.Immutable;
using System.Text;
using Infra.GitOps.Loading;
using Infra.GitOps.Model;

namespace Infra.GitOps.Graph.Translation;

/// <summary>
/// Cloud-neutral kinds on Azure. Every resource lives in one resource group per stack (<c>{project}-{stack}</c>,
/// location from the provider settings) and takes its location from the group. A Network is a virtual network,
/// its subnets and, with firewall rules, a network security group associated with each subnet; a VM replica is a
/// network interface and a Linux VM, with a data disk attachment per disk (replica 0 attaches the Disk
/// document's managed disk, replicas 1.. get one of their own); a Disk is a managed disk; a Bucket a storage
/// account and a container.
/// </summary>
internal static class AzureTranslator
{
    public static readonly ResourceType VirtualNetworkType = new("azure:network/virtualNetwork:VirtualNetwork");
    public static readonly ResourceType SubnetType = new("azure:network/subnet:Subnet");
    public static readonly ResourceType SecurityGroupType = new("azure:network/networkSecurityGroup:NetworkSecurityGroup");
    public static readonly ResourceType SubnetSecurityGroupAssociationType = new("azure:network/subnetNetworkSecurityGroupAssociation:SubnetNetworkSecurityGroupAssociation");
    public static readonly ResourceType NetworkInterfaceType = new("azure:network/networkInterface:NetworkInterface");
    public static readonly ResourceType VirtualMachineType = new("azure:compute/linuxVirtualMachine:LinuxVirtualMachine");
    public static readonly ResourceType ManagedDiskType = new("azure:compute/managedDisk:ManagedDisk");
    public static readonly ResourceType DataDiskAttachmentType = new("azure:compute/dataDiskAttachment:DataDiskAttachment");
    public static readonly ResourceType StorageAccountType = new("azure:storage/account:Account");
    public static readonly ResourceType ContainerType = new("azure:storage/container:Container");

    public const string AdminUser = "azureuser";

    /// <summary>Cloud-neutral sizes as VM sizes.</summary>
    public static readonly ImmutableDictionary<string, string> Sizes = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["small"] = "Standard_B1s",
        ["medium"] = "Standard_B2s",
        ["large"] = "Standard_B4ms",
    }.ToImmutableDictionary(StringComparer.Ordinal);

    public static Urn VirtualNetworkUrn(GraphBuildContext context, DocumentNode node) => context.ChildUrn(node, VirtualNetworkType, node.Name);

    public static Urn SubnetUrn(GraphBuildContext context, DocumentNode node, string subnet) => context.ChildUrn(node, SubnetType, $"{node.Name}-{subnet}");

    public static Urn NetworkInterfaceUrn(GraphBuildContext context, DocumentNode node, int replica) => context.ChildUrn(node, NetworkInterfaceType, $"{node.Name}-{replica}");

    public static Urn VirtualMachineUrn(GraphBuildContext context, DocumentNode node, int replica) => context.ChildUrn(node, VirtualMachineType, $"{node.Name}-{replica}");

    public static Urn ManagedDiskUrn(GraphBuildContext context, DocumentNode node) => context.ChildUrn(node, ManagedDiskType, node.Name);

    public static Urn StorageAccountUrn(GraphBuildContext context, DocumentNode node) => context.ChildUrn(node, StorageAccountType, node.Name);

    public static Urn ContainerUrn(GraphBuildContext context, DocumentNode node) => context.ChildUrn(node, ContainerType, node.Name);

    public static PropertyValue Output(GraphBuildContext context, DocumentNode node, string output) => (node.Kind, output) switch
    {
        (DocumentKind.Network, "cidr") => ComponentOutputs.Literal(node, "cidr") ?? Values.Ref(VirtualNetworkUrn(context, node), "addressSpaces[0]"),
        (DocumentKind.Network, _) => Values.Ref(VirtualNetworkUrn(context, node), output),
        (DocumentKind.Disk, "sizeGb") => ComponentOutputs.Literal(node, "sizeGb") ?? Values.Ref(ManagedDiskUrn(context, node), "diskSizeGb"),
        (DocumentKind.Disk, _) => Values.Ref(ManagedDiskUrn(context, node), output),
        (DocumentKind.VirtualMachine, "ipAddress") => Values.Ref(NetworkInterfaceUrn(context, node, 0), "privateIpAddress"),
        (DocumentKind.VirtualMachine, "ipAddresses") => Values.Arr(Enumerable.Range(0, node.Count).Select(i => (PropertyValue)Values.Ref(NetworkInterfaceUrn(context, node, i), "privateIpAddress"))),
        (DocumentKind.VirtualMachine, _) => Values.Ref(VirtualMachineUrn(context, node, 0), output),
        (DocumentKind.Bucket, "url") => new InterpolationValue([Values.Ref(StorageAccountUrn(context, node), "primaryBlobEndpoint"), Values.Ref(ContainerUrn(context, node), "name")]),
        (DocumentKind.Bucket, _) => Values.Ref(ContainerUrn(context, node), output),
        _ => UnknownValue.Instance,
    };

    public static void Translate(GraphBuildContext context, DocumentNode node)
    {
        var group = context.EnsureResourceGroup(node);
        switch (node.Kind)
        {
            case DocumentKind.Network:
                TranslateNetwork(context, node, group);
                break;
            case DocumentKind.Disk:
                context.AddChild(node, ManagedDiskType, node.Name, ManagedDisk(context.PhysicalName(node.Name), group, node.Spec, node.Document.Labels), ("diskSizeGb", "sizeGb"), ("storageAccountType", "type"));
                break;
            case DocumentKind.VirtualMachine:
                TranslateVirtualMachine(context, node, group);
                break;
            case DocumentKind.Bucket:
                var isPublic = Values.GetBool(node.Spec, "public", false);
                var account = context.AddChild(node, StorageAccountType, node.Name, Values.Obj(
                    ("name", Values.Str(StorageAccountName(context.PhysicalName(node.Name)))),
                    ("resourceGroupName", Values.Ref(group, "name")),
                    ("location", Values.Ref(group, "location")),
                    ("accountTier", Values.Str("Standard")),
                    ("accountReplicationType", Values.Str("LRS")),
                    ("allowNestedItemsToBePublic", Values.Bool(isPublic)),
                    ("blobProperties", Values.Obj(("versioningEnabled", Values.Bool(Values.GetBool(node.Spec, "versioning", false))))),
                    ("tags", Tags(node.Document.Labels))), ("blobProperties", "versioning"), ("allowNestedItemsToBePublic", "public"));
                context.AddChild(node, ContainerType, node.Name, Values.Obj(
                    ("name", Values.Str(context.PhysicalName(node.Name).ToLowerInvariant())),
                    ("storageAccountName", Values.Ref(account.Urn, "name")),
                    ("containerAccessType", Values.Str(isPublic ? "blob" : "private"))), ("containerAccessType", "public"));
                break;
        }
    }

    /// <summary>A storage account name (3-24 lowercase letters and digits, globally unique) derived from the
    /// physical name; long names keep a stable hash suffix so that they stay distinct.</summary>
    public static string StorageAccountName(string physicalName)
    {
        var compact = new string(physicalName.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).ToArray());
        if (compact.Length <= 24)
        {
            return compact.PadRight(3, '0');
        }

        // FNV-1a: stable across processes and platforms, unlike string.GetHashCode.
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(physicalName))
        {
            hash = (hash ^ b) * 16777619u;
        }

        return compact[..16] + hash.ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static ObjectValue Tags(ImmutableSortedDictionary<string, string> labels) =>
        ObjectValue.From(labels.Select(l => KeyValuePair.Create(l.Key, (PropertyValue)Values.Str(l.Value))));

    private static ObjectValue ManagedDisk(string name, Urn group, ObjectValue diskSpec, ImmutableSortedDictionary<string, string> labels) => Values.Obj(
        ("name", Values.Str(name)),
        ("resourceGroupName", Values.Ref(group, "name")),
        ("location", Values.Ref(group, "location")),
        ("storageAccountType", Values.Str(Values.GetString(diskSpec, "type") == "ssd" ? "Premium_LRS" : "Standard_LRS")),
        ("createOption", Values.Str("Empty")),
        ("diskSizeGb", diskSpec["sizeGb"]),
        ("tags", Tags(labels)));

    private static void TranslateNetwork(GraphBuildContext context, DocumentNode node, Urn group)
    {
        var vnet = context.AddChild(node, VirtualNetworkType, node.Name, Values.Obj(
            ("name", Values.Str(context.PhysicalName(node.Name))),
            ("resourceGroupName", Values.Ref(group, "name")),
            ("location", Values.Ref(group, "location")),
            ("addressSpaces", node.Spec["cidr"] is { } cidr ? Values.Arr(cidr) : null),
            ("tags", Tags(node.Document.Labels))), ("addressSpaces", "cidr"));
        var subnets = new List<ResourceDraft>();
        foreach (var (name, subnetCidr, key) in AwsTranslator.Subnets(node))
        {
            subnets.Add(context.AddChild(node, SubnetType, $"{node.Name}-{name}", Values.Obj(
                ("name", Values.Str(name)),
                ("resourceGroupName", Values.Ref(group, "name")),
                ("virtualNetworkName", Values.Ref(vnet.Urn, "name")),
                ("addressPrefixes", subnetCidr is null ? null : Values.Arr(subnetCidr))), ("addressPrefixes", key)));
        }

        var rules = FirewallRule.Read(node.Spec);
        if (rules.IsEmpty)
        {
            return;
        }

        var securityRules = new List<PropertyValue>();
        var priorities = new Dictionary<bool, int> { [true] = 100, [false] = 100 };
        foreach (var rule in rules)
        {
            var priority = priorities[rule.Ingress];
            priorities[rule.Ingress] = priority + 10;
            var protocol = rule.Protocol switch
            {
                "tcp" => "Tcp",
                "udp" => "Udp",
                "icmp" => "Icmp",
                _ => "*",
            };
            var ports = rule.Ports.IsEmpty || rule.Protocol is "icmp" or "all"
                ? null
                : Values.Arr(rule.Ports.Select(p => (PropertyValue)Values.Str(FirewallRule.RangeText(p))));
            var peers = rule.Peers.IsEmpty ? null : new ArrayValue(rule.Peers);
            securityRules.Add(Values.Obj(
                ("name", Values.Str(rule.Name)),
                ("priority", Values.Num(priority)),
                ("direction", Values.Str(rule.Ingress ? "Inbound" : "Outbound")),
                ("access", Values.Str(rule.Allow ? "Allow" : "Deny")),
                ("protocol", Values.Str(protocol)),
                ("sourcePortRange", Values.Str("*")),
                ("destinationPortRange", ports is null ? Values.Str("*") : null),
                ("destinationPortRanges", ports),
                ("sourceAddressPrefix", rule.Ingress && peers is not null ? null : Values.Str("*")),
                ("sourceAddressPrefixes", rule.Ingress ? peers : null),
                ("destinationAddressPrefix", !rule.Ingress && peers is not null ? null : Values.Str("*")),
                ("destinationAddressPrefixes", rule.Ingress ? null : peers)));
        }

        var nsg = context.AddChild(node, SecurityGroupType, node.Name, Values.Obj(
            ("name", Values.Str(context.PhysicalName(node.Name))),
            ("resourceGroupName", Values.Ref(group, "name")),
            ("location", Values.Ref(group, "location")),
            ("securityRules", Values.Arr(securityRules)),
            ("tags", Tags(node.Document.Labels))), ("securityRules", "firewall"));
        foreach (var subnet in subnets)
        {
            context.AddChild(node, SubnetSecurityGroupAssociationType, subnet.Urn.Name, Values.Obj(
                ("subnetId", Values.Ref(subnet.Urn, "id")),
                ("networkSecurityGroupId", Values.Ref(nsg.Urn, "id"))));
        }
    }

    private static void TranslateVirtualMachine(GraphBuildContext context, DocumentNode node, Urn group)
    {
        var vm = VirtualMachineSpec.Read(node);
        if (vm.Network is null || !context.Nodes.TryGetValue(vm.Network, out var network))
        {
            return;
        }

        ObjectValue? image = null;
        if (vm.Image is StringValue imageText && imageText.Value.Split(':') is [var publisher, var offer, var sku, var version]
            && publisher.Length > 0 && offer.Length > 0 && sku.Length > 0 && version.Length > 0)
        {
            image = Values.Obj(("publisher", Values.Str(publisher)), ("offer", Values.Str(offer)), ("sku", Values.Str(sku)), ("version", Values.Str(version)));
        }
        else
        {
            context.Error(DiagnosticMessages.UnsupportedImageCode, node.LocationOf("image"), DiagnosticMessages.UnsupportedImage, "azure", vm.Image?.ToString() ?? "(none)", "publisher:offer:sku:version");
            return;
        }

        var subnets = AwsTranslator.Subnets(network);
        var subnetName = vm.Subnet ?? (subnets.IsEmpty ? network.Name : subnets[0].Name);
        var subnet = SubnetUrn(context, network, subnetName);
        PropertyValue? customData = vm.UserData switch
        {
            StringValue s => Values.Str(Convert.ToBase64String(Encoding.UTF8.GetBytes(s.Value))),
            SecretValue { Value: StringValue s } => new SecretValue(Values.Str(Convert.ToBase64String(Encoding.UTF8.GetBytes(s.Value)))),
            var other => other,
        };
        for (var i = 0; i < node.Count; i++)
        {
            var replica = $"{node.Name}-{i}";
            var nic = context.AddChild(node, NetworkInterfaceType, replica, Values.Obj(
                ("name", Values.Str(context.PhysicalName(replica))),
                ("resourceGroupName", Values.Ref(group, "name")),
                ("location", Values.Ref(group, "location")),
                ("ipConfigurations", Values.Arr(Values.Obj(
                    ("name", Values.Str("internal")),
                    ("subnetId", Values.Ref(subnet, "id")),
                    ("privateIpAddressAllocation", Values.Str("Dynamic")))))), ("ipConfigurations", "network"));
            var inputs = Values.Obj(
                ("name", Values.Str(context.PhysicalName(replica))),
                ("resourceGroupName", Values.Ref(group, "name")),
                ("location", Values.Ref(group, "location")),
                ("size", vm.ProviderSize(Sizes) ?? Values.Str(Sizes["small"])),
                ("adminUsername", Values.Str(AdminUser)),
                ("disablePasswordAuthentication", Values.Bool(true)),
                ("networkInterfaceIds", Values.Arr(Values.Ref(nic.Urn, "id"))),
                ("osDisk", Values.Obj(("caching", Values.Str("ReadWrite")), ("storageAccountType", Values.Str("Standard_LRS")))),
                ("sourceImageReference", image),
                ("adminSshKeys", Values.Arr(vm.SshKeys.Select(k => (PropertyValue)Values.Obj(("username", Values.Str(AdminUser)), ("publicKey", k))))),
                ("customData", customData),
                ("tags", Tags(node.Document.Labels)));
            var machine = context.AddChild(node, VirtualMachineType, replica, Values.Merge(inputs, vm.ProviderOptions),
                ("size", "size"), ("sourceImageReference", "image"), ("adminSshKeys", "sshKeys"), ("customData", "userData"));
            for (var d = 0; d < vm.Disks.Length; d++)
            {
                var diskName = vm.Disks[d];
                if (!context.Nodes.TryGetValue(diskName, out var disk) || disk.Kind != DocumentKind.Disk)
                {
                    continue;
                }

                var managed = i == 0
                    ? ManagedDiskUrn(context, disk)
                    : context.AddChild(node, ManagedDiskType, $"{replica}-{diskName}", ManagedDisk(context.PhysicalName(replica, diskName), group, disk.Spec, node.Document.Labels), ("diskSizeGb", $"disks[{d}]")).Urn;
                context.AddChild(node, DataDiskAttachmentType, $"{replica}-{diskName}", Values.Obj(
                    ("managedDiskId", Values.Ref(managed, "id")),
                    ("virtualMachineId", Values.Ref(machine.Urn, "id")),
                    ("lun", Values.Num(d)),
                    ("caching", Values.Str("ReadWrite"))), ("managedDiskId", $"disks[{d}]"));
            }
        }
    }
}
