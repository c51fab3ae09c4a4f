using Infra.GitOps.Loading;
using Infra.GitOps.Model;

namespace Infra.GitOps.Graph.Translation;

/// <summary>
/// Cloud-neutral kinds on libvirt, exactly the contract with the libvirt provider: one implicit storage pool per
/// stack, a Volume per Disk, a Network per Network, and per VM replica a Domain (plus a copy-on-write root volume
/// for a qcow2 image). Replica 0 attaches the Disk documents' own volumes; replicas 1.. get volumes of their own
/// with the same size (<c>{vm}-{i}-{disk}</c>), since a writable volume belongs to one domain.
/// </summary>
internal static class LibvirtTranslator
{
    public static readonly ResourceType NetworkType = new("libvirt:index/network:Network");
    public static readonly ResourceType VolumeType = new("libvirt:index/volume:Volume");
    public static readonly ResourceType DomainType = new("libvirt:index/domain:Domain");

    public const string TinyImage = "builtin:tiny";
    public const string TinyKernel = "/var/lib/infra-gitops/images/tiny/vmlinuz";
    public const string TinyInitrd = "/var/lib/infra-gitops/images/tiny/initrd.img";
    public const string TinyCmdline = "console=ttyS0 quiet";

    private const double GiB = 1024d * 1024 * 1024;

    public static Urn NetworkUrn(GraphBuildContext context, DocumentNode node) => context.ChildUrn(node, NetworkType, node.Name);

    public static Urn DiskVolumeUrn(GraphBuildContext context, DocumentNode node) => context.ChildUrn(node, VolumeType, node.Name);

    public static Urn DomainUrn(GraphBuildContext context, DocumentNode node, int replica) => context.ChildUrn(node, DomainType, $"{node.Name}-{replica}");

    /// <summary>The value of a component output (the name was checked by the caller).</summary>
    public static PropertyValue Output(GraphBuildContext context, DocumentNode node, string output) => (node.Kind, output) switch
    {
        (DocumentKind.Network, "cidr") => ComponentOutputs.Literal(node, "cidr") ?? Values.Ref(NetworkUrn(context, node), "addresses[0]"),
        (DocumentKind.Network, _) => Values.Ref(NetworkUrn(context, node), output),
        (DocumentKind.Disk, "sizeGb") => ComponentOutputs.Literal(node, "sizeGb") ?? UnknownValue.Instance,
        (DocumentKind.Disk, _) => Values.Ref(DiskVolumeUrn(context, node), output),
        (DocumentKind.VirtualMachine, "ipAddresses") => Values.Arr(Enumerable.Range(0, node.Count).Select(i => (PropertyValue)Values.Ref(DomainUrn(context, node, i), "ipAddress"))),
        (DocumentKind.VirtualMachine, _) => Values.Ref(DomainUrn(context, node, 0), output),
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
                var pool = context.EnsurePool(node);
                context.AddChild(node, VolumeType, node.Name, Volume(context, pool, context.PhysicalName(node.Name), node.Spec), ("size", "sizeGb"));
                break;
            case DocumentKind.VirtualMachine:
                TranslateVirtualMachine(context, node);
                break;
        }
    }

    private static void TranslateNetwork(GraphBuildContext context, DocumentNode node)
    {
        var spec = node.Spec;
        var mode = Values.GetString(spec, "mode") == "routed" ? "route" : "isolated";
        context.AddChild(node, NetworkType, node.Name, Values.Obj(
            ("name", Values.Str(context.PhysicalName(node.Name))),
            ("mode", Values.Str(mode)),
            ("addresses", spec["cidr"] is { } cidr ? Values.Arr(cidr) : null),
            ("dhcp", Values.Obj(("enabled", Values.Bool(true)))),
            ("autostart", Values.Bool(true))), ("addresses", "cidr"), ("mode", "mode"));
        if (Values.GetArray(spec, "firewall").Length > 0)
        {
            context.Warning(DiagnosticMessages.FirewallIgnoredCode, node.LocationOf("firewall"), DiagnosticMessages.FirewallIgnored, "libvirt", node.Name);
        }
    }

    private static ObjectValue Volume(GraphBuildContext context, Urn pool, string name, ObjectValue diskSpec) => Values.Obj(
        ("name", Values.Str(name)),
        ("pool", Values.Ref(pool, "name")),
        ("size", diskSpec["sizeGb"] is NumberValue gb ? Values.Num(gb.Value * GiB) : diskSpec["sizeGb"]),
        ("format", Values.Str("qcow2")));

    private static void TranslateVirtualMachine(GraphBuildContext context, DocumentNode node)
    {
        var vm = VirtualMachineSpec.Read(node);
        var (cpus, memory) = (vm.Cpus, vm.MemoryMiB);
        var sizeName = vm.Size is null ? "small" : (vm.Size as StringValue)?.Value;
        if (sizeName is not null && VirtualMachineSpec.NeutralSizes.TryGetValue(sizeName, out var sized))
        {
            cpus ??= sized.Cpus;
            memory ??= sized.MemoryMiB;
        }
        else if (cpus is null || memory is null)
        {
            context.Error(DiagnosticMessages.InvalidSizeCode, node.LocationOf("size"), DiagnosticMessages.InvalidSize, "libvirt", vm.Size?.ToString() ?? "(none)");
            return;
        }

        string? baseImage = null;
        switch (vm.Image)
        {
            case null:
            case StringValue { Value: TinyImage }:
                break;
            case StringValue path when path.Value.StartsWith('/'):
                baseImage = path.Value;
                break;
            default:
                context.Error(DiagnosticMessages.UnsupportedImageCode, node.LocationOf("image"), DiagnosticMessages.UnsupportedImage, "libvirt", vm.Image, "'builtin:tiny' or an absolute path to a qcow2 image");
                return;
        }

        if (vm.Network is null || !context.Nodes.TryGetValue(vm.Network, out var network))
        {
            return;
        }

        var networkName = Values.Ref(NetworkUrn(context, network), "name");
        var pool = context.EnsurePool(node);
        for (var i = 0; i < node.Count; i++)
        {
            var replica = $"{node.Name}-{i}";
            var disks = new List<PropertyValue>();
            if (baseImage is not null)
            {
                var root = context.AddChild(node, VolumeType, replica + "-root", Values.Obj(
                    ("name", Values.Str(context.PhysicalName(replica, "root"))),
                    ("pool", Values.Ref(pool, "name")),
                    ("format", Values.Str("qcow2")),
                    ("baseVolumeId", Values.Str(baseImage))), ("baseVolumeId", "image"));
                disks.Add(Values.Obj(("volumeId", Values.Ref(root.Urn, "id"))));
            }

            foreach (var diskName in vm.Disks)
            {
                if (!context.Nodes.TryGetValue(diskName, out var disk) || disk.Kind != DocumentKind.Disk)
                {
                    continue;
                }

                var volume = i == 0
                    ? DiskVolumeUrn(context, disk)
                    : context.AddChild(node, VolumeType, $"{replica}-{diskName}", Volume(context, pool, context.PhysicalName(replica, diskName), disk.Spec), ("size", "disks")).Urn;
                disks.Add(Values.Obj(("volumeId", Values.Ref(volume, "id"))));
            }

            var inputs = Values.Obj(
                ("name", Values.Str(context.PhysicalName(replica))),
                ("vcpu", Values.Num(cpus!.Value)), // both set above: from the size table or the overrides
                ("memory", Values.Num(memory!.Value)),
                ("running", Values.Bool(vm.Running)),
                ("autostart", Values.Bool(true)),
                ("kernel", baseImage is null ? Values.Str(TinyKernel) : null),
                ("initrd", baseImage is null ? Values.Str(TinyInitrd) : null),
                ("cmdline", baseImage is null ? Values.Str(TinyCmdline) : null),
                ("disks", Values.Arr(disks)),
                ("networkInterfaces", Values.Arr(Values.Obj(("networkName", networkName), ("waitForLease", Values.Bool(false))))));
            context.AddChild(node, DomainType, replica, Values.Merge(inputs, vm.ProviderOptions),
                ("vcpu", vm.Cpus is null ? "size" : "cpus"),
                ("memory", vm.MemoryMiB is null ? "size" : "memoryMiB"),
                ("running", "running"),
                ("kernel", "image"),
                ("disks", "disks"),
                ("networkInterfaces", "network"));
        }
    }
}
