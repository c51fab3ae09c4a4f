using System.Xml.Linq;
using Infra.GitOps.Model;
using Infra.GitOps.Providers.Libvirt.Native;

namespace Infra.GitOps.Providers.Libvirt.Tagging;

/// <summary>
/// How a libvirt object records the URN of the resource that created it, so that a read with a null id finds
/// it and a name clash with a foreign object is detected:
/// <list type="bullet">
/// <item>domains and networks: a metadata element <c>&lt;igo:resource xmlns:igo="https://infra-gitops.dev/xmlns/1"&gt;&lt;igo:urn&gt;URN&lt;/igo:urn&gt;&lt;/igo:resource&gt;</c>
/// in their XML definition (for domains read back with <c>virDomainGetMetadata</c>);</item>
/// <item>storage pools and volumes, which have no metadata in libvirt: the extended attribute
/// <c>user.infra-gitops.urn</c> on the pool's target directory and on the volume's file. It lives and dies
/// with the file, survives resizes and is readable only on the libvirt host (local URIs).</item>
/// </list>
/// </summary>
internal static class UrnTag
{
    /// <summary>Our XML namespace.</summary>
    public const string NamespaceUri = "https://infra-gitops.dev/xmlns/1";

    /// <summary>The prefix libvirt stores our metadata under.</summary>
    public const string Prefix = "igo";

    /// <summary>The extended attribute holding the URN of a pool directory or volume file.</summary>
    public const string AttributeName = "user.infra-gitops.urn";

    private static readonly XNamespace Namespace = NamespaceUri;

    /// <summary>The <c>&lt;metadata&gt;</c> child for a domain or network definition.</summary>
    public static XElement MetadataElement(Urn urn) =>
        new("metadata", ResourceElement(urn));

    /// <summary>Our element alone (what <c>virDomainSetMetadata</c> takes).</summary>
    public static XElement ResourceElement(Urn urn) =>
        new(
            Namespace + "resource",
            new XAttribute(XNamespace.Xmlns + Prefix, NamespaceUri),
            new XElement(Namespace + "urn", urn.Value));

    /// <summary>The URN in a definition's <c>&lt;metadata&gt;</c>, or null when it carries none.</summary>
    public static string? FromDefinition(XElement definition) =>
        definition.Element("metadata")?.Element(Namespace + "resource")?.Element(Namespace + "urn")?.Value;

    /// <summary>The URN in our metadata element as <c>virDomainGetMetadata</c> returns it.</summary>
    public static string? FromResourceElement(string? xml) =>
        xml is null ? null : XElement.Parse(xml).Element(Namespace + "urn")?.Value;

    /// <summary>Tags a pool directory or volume file.</summary>
    public static void TagFile(string path, Urn urn) => ExtendedAttributes.Set(path, AttributeName, urn.Value);

    /// <summary>The URN a pool directory or volume file is tagged with, or null.</summary>
    public static string? FromFile(string path) => ExtendedAttributes.Get(path, AttributeName);
}
