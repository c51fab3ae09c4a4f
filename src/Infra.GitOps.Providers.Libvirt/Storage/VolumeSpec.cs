namespace Infra.GitOps.Providers.Libvirt.Storage;

/// <summary>Validated inputs of a storage volume; <see cref="BaseVolumeId"/> is the path of a backing image;
/// <see cref="Size"/> is null only over a base image (the volume then takes the image's virtual size).</summary>
internal sealed record VolumeSpec(string Name, string Pool, ulong? Size, string Format, string? BaseVolumeId);
