using System.Collections.Immutable;
using System.Globalization;
using System.Net;
using System.Xml.Linq;
using Infra.GitOps.Model;
using Infra.GitOps.Providers.Libvirt.Tagging;

namespace Infra.GitOps.Providers.Libvirt.Networks;

/// <summary>A libvirt network as its XML describes it.</summary>
internal sealed record NetworkDefinition(
    string Name,
    string Uuid,
    string Mode,
    string Bridge,
    ImmutableArray<Ipv4Cidr> Addresses,
    bool DhcpEnabled,
    string? Urn)
{
    /// <summary>
    /// The XML that defines <paramref name="spec"/>: the host takes the first address of each range, DHCP
    /// (on the first range) hands out the rest up to the broadcast address. No <c>&lt;forward&gt;</c> for
    /// isolated networks.
    /// </summary>
    public static string Build(NetworkSpec spec, Urn urn, string? uuid)
    {
        var network = new XElement("network", new XElement("name", spec.Name));
        if (uuid is not null)
        {
            network.Add(new XElement("uuid", uuid));
        }

        network.Add(UrnTag.MetadataElement(urn));
        if (spec.Mode != "isolated")
        {
            network.Add(new XElement("forward", new XAttribute("mode", spec.Mode)));
        }

        if (spec.Bridge is not null)
        {
            network.Add(new XElement("bridge", new XAttribute("name", spec.Bridge)));
        }

        for (var i = 0; i < spec.Addresses.Length; i++)
        {
            var cidr = spec.Addresses[i];
            var ip = new XElement(
                "ip",
                new XAttribute("address", cidr.At(1).ToString()),
                new XAttribute("prefix", cidr.Prefix.ToString(CultureInfo.InvariantCulture)));
            if (i == 0 && spec.DhcpEnabled && cidr.Prefix <= 29)
            {
                var size = cidr.Last - cidr.First;
                ip.Add(new XElement(
                    "dhcp",
                    new XElement("range", new XAttribute("start", cidr.At(2).ToString()), new XAttribute("end", cidr.At(size - 1).ToString()))));
            }

            network.Add(ip);
        }

        return network.ToString(SaveOptions.DisableFormatting);
    }

    /// <summary>Reads <c>virNetworkGetXMLDesc</c> output.</summary>
    public static NetworkDefinition Parse(string xml)
    {
        var root = XElement.Parse(xml);
        var addresses = ImmutableArray.CreateBuilder<Ipv4Cidr>();
        var dhcp = false;
        foreach (var ip in root.Elements("ip"))
        {
            if (ip.Attribute("family")?.Value is { } family && family != "ipv4")
            {
                continue;
            }

            if (!IPAddress.TryParse(ip.Attribute("address")?.Value, out var address))
            {
                continue;
            }

            var prefix = ip.Attribute("prefix")?.Value is { } p && int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)
                ? parsed
                : IPAddress.TryParse(ip.Attribute("netmask")?.Value, out var netmask) ? Ipv4Cidr.PrefixOf(netmask) : 24;
            if (prefix is < 0 or > 32)
            {
                continue;
            }

            addresses.Add(Ipv4Cidr.Containing(address, prefix));
            dhcp |= ip.Element("dhcp") is not null;
        }

        var mode = root.Element("forward")?.Attribute("mode")?.Value;
        return new NetworkDefinition(
            root.Element("name")?.Value ?? string.Empty,
            root.Element("uuid")?.Value ?? string.Empty,
            root.Element("forward") is null ? "isolated" : mode ?? "nat",
            root.Element("bridge")?.Attribute("name")?.Value ?? string.Empty,
            addresses.ToImmutable(),
            dhcp,
            UrnTag.FromDefinition(root));
    }
}
