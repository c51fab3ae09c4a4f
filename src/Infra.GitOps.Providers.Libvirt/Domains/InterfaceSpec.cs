namespace Infra.GitOps.Providers.Libvirt.Domains;

/// <summary>One network interface of a domain; <see cref="Mac"/> null lets libvirt pick one.</summary>
internal sealed record InterfaceSpec(string NetworkName, string? Mac, bool WaitForLease);
