using System.Globalization;
using System.Xml.Linq;

namespace Infra.GitOps.Providers.Libvirt.Storage;

/// <summary>A directory storage pool as libvirt describes it.</summary>
internal sealed record PoolDefinition(string Name, string Uuid, string Type, string Path, ulong Capacity, ulong Allocation)
{
    /// <summary>The XML that defines a directory pool.</summary>
    public static string Build(string name, string path) =>
        new XElement(
            "pool",
            new XAttribute("type", "dir"),
            new XElement("name", name),
            new XElement("target", new XElement("path", path))).ToString(SaveOptions.DisableFormatting);

    /// <summary>Reads <c>virStoragePoolGetXMLDesc</c> output.</summary>
    public static PoolDefinition Parse(string xml)
    {
        var root = XElement.Parse(xml);
        return new PoolDefinition(
            root.Element("name")?.Value ?? string.Empty,
            root.Element("uuid")?.Value ?? string.Empty,
            root.Attribute("type")?.Value ?? string.Empty,
            root.Element("target")?.Element("path")?.Value ?? string.Empty,
            Bytes(root.Element("capacity")),
            Bytes(root.Element("allocation")));
    }

    internal static ulong Bytes(XElement? element)
    {
        if (element is null || !ulong.TryParse(element.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return 0;
        }

        var unit = element.Attribute("unit")?.Value ?? "bytes";
        return unit switch
        {
            "bytes" or "B" or "b" => value,
            "KiB" or "K" or "k" => value * 1024,
            "MiB" or "M" => value * 1024 * 1024,
            "GiB" or "G" => value * 1024 * 1024 * 1024,
            "KB" => value * 1000,
            "MB" => value * 1000 * 1000,
            "GB" => value * 1000 * 1000 * 1000,
            _ => value,
        };
    }
}
