using System.Collections.Immutable;

namespace Infra.GitOps.Providers.Libvirt.Networks;

/// <summary>Validated inputs of a network. <see cref="Mode"/> is <c>isolated</c>, <c>route</c> or <c>nat</c>.</summary>
internal sealed record NetworkSpec(string Name, string Mode, string? Bridge, ImmutableArray<Ipv4Cidr> Addresses, bool DhcpEnabled, bool Autostart);
