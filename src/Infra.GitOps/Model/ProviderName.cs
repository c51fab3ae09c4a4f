namespace Infra.GitOps.Model;

/// <summary>
/// The name of a provider package (<c>libvirt</c>, <c>aws</c>, <c>azure</c>, <c>kubernetes</c>); open to
/// extension, so a wrapper rather than an enum.
/// </summary>
public readonly record struct ProviderName(string Value)
{
    /// <summary>The local libvirt host, the default target.</summary>
    public static ProviderName Libvirt { get; } = new("libvirt");

    /// <summary>Amazon Web Services.</summary>
    public static ProviderName Aws { get; } = new("aws");

    /// <summary>Microsoft Azure.</summary>
    public static ProviderName Azure { get; } = new("azure");

    /// <summary>Kubernetes.</summary>
    public static ProviderName Kubernetes { get; } = new("kubernetes");

    /// <summary>The four providers the cloud-neutral kinds translate to.</summary>
    public static IReadOnlyList<ProviderName> Known { get; } = [Libvirt, Aws, Azure, Kubernetes];

    /// <inheritdoc />
    public override string ToString() => Value;
}
