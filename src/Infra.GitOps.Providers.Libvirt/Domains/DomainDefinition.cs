using System.Collections.Immutable;
using System.Globalization;
using System.Xml.Linq;
using Infra.GitOps.Model;
using Infra.GitOps.Providers.Libvirt.Tagging;

namespace Infra.GitOps.Providers.Libvirt.Domains;

/// <summary>A domain's persistent definition as libvirt describes it.</summary>
internal sealed record DomainDefinition(
    string Name,
    string Uuid,
    int Vcpu,
    long MemoryMiB,
    string? Kernel,
    string? Initrd,
    string? Cmdline,
    ImmutableArray<string> Disks,
    ImmutableArray<InterfaceSpec> Interfaces)
{
    /// <summary>Where a domain's serial console is written.</summary>
    public static string ConsoleLogPath(string name) => $"/var/log/libvirt/qemu/{name}-console.log";

    /// <summary>
    /// The XML for <paramref name="spec"/>: a TCG (<c>type='qemu'</c>) guest with ACPI (so that it can shut
    /// down cleanly), destroyed on power-off, booting from its kernel or first disk only, virtio NICs without
    /// option ROMs, the serial console in a log file and our URN in its metadata. <paramref name="macs"/>
    /// supplies the MAC of interface <c>i</c> when the spec leaves it to libvirt (kept stable on updates).
    /// </summary>
    public static string Build(DomainSpec spec, Urn urn, string? uuid, IReadOnlyList<string?> macs, Func<string, string> diskFormat)
    {
        var os = new XElement("os", new XElement("type", new XAttribute("arch", "x86_64"), new XAttribute("machine", "pc"), "hvm"));
        if (spec.Kernel is not null)
        {
            os.Add(new XElement("kernel", spec.Kernel));
            if (spec.Initrd is not null)
            {
                os.Add(new XElement("initrd", spec.Initrd));
            }

            if (spec.Cmdline is not null)
            {
                os.Add(new XElement("cmdline", spec.Cmdline));
            }
        }
        else
        {
            os.Add(new XElement("boot", new XAttribute("dev", "hd")));
        }

        var devices = new XElement("devices");
        for (var i = 0; i < spec.Disks.Length; i++)
        {
            devices.Add(new XElement(
                "disk",
                new XAttribute("type", "file"),
                new XAttribute("device", "disk"),
                new XElement("driver", new XAttribute("name", "qemu"), new XAttribute("type", diskFormat(spec.Disks[i]))),
                new XElement("source", new XAttribute("file", spec.Disks[i])),
                new XElement("target", new XAttribute("dev", "vd" + (char)('a' + i)), new XAttribute("bus", "virtio"))));
        }

        for (var i = 0; i < spec.Interfaces.Length; i++)
        {
            var nic = spec.Interfaces[i];
            var iface = new XElement("interface", new XAttribute("type", "network"), new XElement("source", new XAttribute("network", nic.NetworkName)));
            if ((nic.Mac ?? (i < macs.Count ? macs[i] : null)) is { } mac)
            {
                iface.Add(new XElement("mac", new XAttribute("address", mac)));
            }

            iface.Add(new XElement("model", new XAttribute("type", "virtio")), new XElement("rom", new XAttribute("enabled", "no")));
            devices.Add(iface);
        }

        var console = ConsoleLogPath(spec.Name);
        devices.Add(
            new XElement("serial", new XAttribute("type", "file"), new XElement("source", new XAttribute("path", console)), new XElement("target", new XAttribute("port", "0"))),
            new XElement("console", new XAttribute("type", "file"), new XElement("source", new XAttribute("path", console)), new XElement("target", new XAttribute("type", "serial"), new XAttribute("port", "0"))));

        var domain = new XElement("domain", new XAttribute("type", "qemu"), new XElement("name", spec.Name));
        if (uuid is not null)
        {
            domain.Add(new XElement("uuid", uuid));
        }

        domain.Add(
            UrnTag.MetadataElement(urn),
            new XElement("memory", new XAttribute("unit", "MiB"), spec.MemoryMiB),
            new XElement("currentMemory", new XAttribute("unit", "MiB"), spec.MemoryMiB),
            new XElement("vcpu", spec.Vcpu),
            os,
            new XElement("features", new XElement("acpi")),
            new XElement("on_poweroff", "destroy"),
            new XElement("on_reboot", "restart"),
            new XElement("on_crash", "destroy"),
            devices);
        return domain.ToString(SaveOptions.DisableFormatting);
    }

    /// <summary>Reads <c>virDomainGetXMLDesc</c> output.</summary>
    public static DomainDefinition Parse(string xml)
    {
        var root = XElement.Parse(xml);
        var os = root.Element("os");
        var devices = root.Element("devices");
        var disks = devices?.Elements("disk")
            .Where(d => d.Attribute("device")?.Value is null or "disk")
            .Select(d => d.Element("source")?.Attribute("file")?.Value)
            .OfType<string>()
            .ToImmutableArray() ?? ImmutableArray<string>.Empty;
        var interfaces = devices?.Elements("interface")
            .Select(i => new InterfaceSpec(
                i.Element("source")?.Attribute("network")?.Value ?? string.Empty,
                i.Element("mac")?.Attribute("address")?.Value,
                WaitForLease: false))
            .ToImmutableArray() ?? ImmutableArray<InterfaceSpec>.Empty;
        return new DomainDefinition(
            root.Element("name")?.Value ?? string.Empty,
            root.Element("uuid")?.Value ?? string.Empty,
            int.TryParse(root.Element("vcpu")?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var vcpu) ? vcpu : 0,
            (long)(Storage.PoolDefinition.Bytes(KibibytesByDefault(root.Element("memory"))) / (1024 * 1024)),
            os?.Element("kernel")?.Value,
            os?.Element("initrd")?.Value,
            os?.Element("cmdline")?.Value,
            disks,
            interfaces);
    }

    // libvirt's memory unit defaults to KiB, not bytes.
    private static XElement? KibibytesByDefault(XElement? memory) =>
        memory is null || memory.Attribute("unit") is not null ? memory : new XElement("memory", new XAttribute("unit", "KiB"), memory.Value);
}
