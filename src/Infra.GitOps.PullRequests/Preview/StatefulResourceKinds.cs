using Infra.GitOps.Model;

namespace Infra.GitOps.PullRequests.Preview;

/// <summary>
/// Which resource kinds hold data or run workloads, so that deleting or replacing them loses something: virtual
/// machines, disks and volumes, buckets and storage, databases. Judged on every type token of the URN's parent
/// chain, so a libvirt domain under an <c>infra:index:VirtualMachine</c> component counts too.
/// </summary>
public static class StatefulResourceKinds
{
    private static readonly string[] TypeNameWords =
    [
        "VirtualMachine", "Domain", "Instance", "Disk", "Volume", "Bucket", "StorageAccount", "Database",
        "Server", "StatefulSet", "PersistentVolume", "PersistentVolumeClaim", "Snapshot", "FileSystem",
    ];

    /// <summary>True when any type of the URN's qualified type (parents included) names a stateful kind.</summary>
    public static bool IsStateful(Urn urn)
    {
        if (!urn.IsValid)
        {
            return false;
        }

        foreach (var token in urn.QualifiedType.Split('$'))
        {
            if (IsStateful(new ResourceType(token)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when the type's name (the part after its last colon) contains a stateful kind's word.</summary>
    public static bool IsStateful(ResourceType type)
    {
        var token = type.Token ?? string.Empty;
        var name = token[(token.LastIndexOf(':') + 1)..];
        return TypeNameWords.Any(word => name.Contains(word, StringComparison.OrdinalIgnoreCase));
    }
}
