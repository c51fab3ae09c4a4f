using System.Xml.Linq;

namespace Infra.GitOps.Providers.Libvirt.Storage;

/// <summary>A storage volume as libvirt describes it.</summary>
internal sealed record VolumeDefinition(string Name, string Key, string Path, ulong Capacity, string Format, string? BackingPath)
{
    /// <summary>The XML that creates the volume of <paramref name="capacity"/> bytes (copy-on-write over
    /// <see cref="VolumeSpec.BaseVolumeId"/> when set).</summary>
    public static string Build(VolumeSpec spec, ulong capacity, string? baseFormat)
    {
        var volume = new XElement(
            "volume",
            new XElement("name", spec.Name),
            new XElement("capacity", new XAttribute("unit", "bytes"), capacity),
            new XElement("target", new XElement("format", new XAttribute("type", spec.Format))));
        if (spec.BaseVolumeId is not null)
        {
            volume.Add(new XElement(
                "backingStore",
                new XElement("path", spec.BaseVolumeId),
                new XElement("format", new XAttribute("type", baseFormat ?? "raw"))));
        }

        return volume.ToString(SaveOptions.DisableFormatting);
    }

    /// <summary>Reads <c>virStorageVolGetXMLDesc</c> output.</summary>
    public static VolumeDefinition Parse(string xml)
    {
        var root = XElement.Parse(xml);
        var target = root.Element("target");
        return new VolumeDefinition(
            root.Element("name")?.Value ?? string.Empty,
            root.Element("key")?.Value ?? string.Empty,
            target?.Element("path")?.Value ?? string.Empty,
            PoolDefinition.Bytes(root.Element("capacity")),
            target?.Element("format")?.Attribute("type")?.Value ?? "raw",
            root.Element("backingStore")?.Element("path")?.Value);
    }

    private static ReadOnlySpan<byte> Qcow2Magic => [0x51, 0x46, 0x49, 0xFB];

    /// <summary>The size of the disk an image file holds: a qcow2 header's virtual size (big-endian, at byte 24),
    /// or the length of a raw file.</summary>
    public static ulong VirtualSize(string path)
    {
        Span<byte> header = stackalloc byte[32];
        using var file = File.OpenRead(path);
        return file.Read(header) == header.Length && header[..4].SequenceEqual(Qcow2Magic)
            ? System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(header[24..])
            : (ulong)file.Length;
    }

    /// <summary>The format of an image file from its header: qcow2 (magic <c>QFI\xfb</c>) or raw.</summary>
    public static string DetectFormat(string path)
    {
        Span<byte> magic = stackalloc byte[4];
        using var file = File.OpenRead(path);
        return file.Read(magic) == 4 && magic.SequenceEqual(Qcow2Magic) ? "qcow2" : "raw";
    }
}
