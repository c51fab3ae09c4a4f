namespace Infra.GitOps.Providers.Libvirt.Native;

/// <summary>One DHCP lease of a libvirt network: the guest's MAC and the address it was given.</summary>
internal sealed record DhcpLease(string Mac, string IpAddress, int Prefix);
