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
/// with the file, survives resizes and is readable only on the libvirt host (local URIs). A pool's directory is
/// tagged before libvirt defines the pool, and a volume being built is announced on its pool's directory
/// (<c>user.infra-gitops.creating.NAME</c>), so that a process killed in the middle leaves nothing that looks
/// foreign.</item>
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

    /// <summary>The URN in our metadata element as <c>virDomainGetMetadata</c> returns it: libvirt hands the
    /// element back without its namespace (the namespace was the lookup key), so match by local name.</summary>
    public static string? FromResourceElement(string? xml) =>
        xml is null ? null : XElement.Parse(xml).Elements().FirstOrDefault(e => e.Name.LocalName == "urn")?.Value;

    /// <summary>Tags a pool directory or volume file.</summary>
    public static void TagFile(string path, Urn urn) => ExtendedAttributes.Set(path, AttributeName, urn.Value);

    /// <summary>The URN a pool directory or volume file is tagged with, or null.</summary>
    public static string? FromFile(string path) => ExtendedAttributes.Get(path, AttributeName);

    /// <summary>
    /// Records on the pool's directory, before libvirt builds volume <paramref name="volume"/>, that
    /// <paramref name="urn"/> is creating it: a process killed between the build and <see cref="TagFile"/> leaves
    /// an untagged volume that this marker proves ours (see <see cref="CreatingUrn"/>).
    /// </summary>
    public static void MarkCreating(string poolPath, string volume, Urn urn) => ExtendedAttributes.Set(poolPath, CreatingAttribute(volume), urn.Value);

    /// <summary>The URN whose create of <paramref name="volume"/> did not finish, or null.</summary>
    public static string? CreatingUrn(string poolPath, string volume) => ExtendedAttributes.Get(poolPath, CreatingAttribute(volume));

    /// <summary>Removes the marker of <see cref="MarkCreating"/> once the volume is tagged (or was not made).</summary>
    public static void ClearCreating(string poolPath, string volume) => ExtendedAttributes.Remove(poolPath, CreatingAttribute(volume));

    // Volume names are at most 128 characters (InputReader.MaxNameLength): the attribute name stays under 255 bytes.
    private static string CreatingAttribute(string volume) => "user.infra-gitops.creating." + volume;
}
