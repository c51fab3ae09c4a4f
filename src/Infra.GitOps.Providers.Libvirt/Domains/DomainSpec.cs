using System.Collections.Immutable;

namespace Infra.GitOps.Providers.Libvirt.Domains;

/// <summary>Validated inputs of a domain: direct kernel boot when <see cref="Kernel"/> is set, else from the
/// first disk. <see cref="Disks"/> are volume paths.</summary>
internal sealed record DomainSpec(
    string Name,
    int Vcpu,
    long MemoryMiB,
    bool Running,
    bool Autostart,
    string? Kernel,
    string? Initrd,
    string? Cmdline,
    ImmutableArray<string> Disks,
    ImmutableArray<InterfaceSpec> Interfaces);
