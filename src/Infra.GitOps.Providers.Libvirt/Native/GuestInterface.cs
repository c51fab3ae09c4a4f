using System.Collections.Immutable;

namespace Infra.GitOps.Providers.Libvirt.Native;

/// <summary>A running guest's interface as libvirt reports it: MAC and IP addresses (from DHCP leases).</summary>
internal sealed record GuestInterface(string Name, string Mac, ImmutableArray<string> Addresses);
