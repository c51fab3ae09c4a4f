namespace Infra.GitOps.Model;

/// <summary>The kinds of resource documents an infra repository holds (the <c>Stack</c> kind is separate).</summary>
public enum DocumentKind
{
    /// <summary><c>infra.gitops/v1 Network</c>: address range, subnets, firewall rules.</summary>
    Network,

    /// <summary><c>infra.gitops/v1 VirtualMachine</c>.</summary>
    VirtualMachine,

    /// <summary><c>infra.gitops/v1 Disk</c>.</summary>
    Disk,

    /// <summary><c>infra.gitops/v1 Bucket</c>: object storage.</summary>
    Bucket,

    /// <summary><c>infra.gitops/v1 Resource</c>: any provider resource by its type token.</summary>
    Resource,

    /// <summary>Any document whose apiVersion is not <c>infra.gitops/*</c>: a Kubernetes object.</summary>
    KubernetesObject,
}
