namespace Infra.GitOps.Providers.Libvirt.Storage;

/// <summary>Validated inputs of a storage pool.</summary>
internal sealed record PoolSpec(string Name, string Path);
