using Microsoft.Win32.SafeHandles;

namespace Infra.GitOps.Providers.Libvirt.Native;

/// <summary>A libvirt storage volume reference, released with <c>virStorageVolFree</c>. Invalid (zero) when the call that
/// returned it failed.</summary>
internal sealed class StorageVolumeHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    /// <summary>Creates an empty handle (used by the P/Invoke marshaller).</summary>
    public StorageVolumeHandle()
        : base(ownsHandle: true)
    {
    }

    /// <summary>Takes ownership of a raw reference (one element of a libvirt list).</summary>
    internal StorageVolumeHandle(IntPtr handle)
        : base(ownsHandle: true)
    {
        SetHandle(handle);
    }

    /// <inheritdoc />
    protected override bool ReleaseHandle() => NativeMethods.virStorageVolFree(handle) == 0;
}
