using Microsoft.Win32.SafeHandles;

namespace Infra.GitOps.Providers.Libvirt.Native;

/// <summary>A libvirt storage pool reference, released with <c>virStoragePoolFree</c>. Invalid (zero) when the call that
/// returned it failed.</summary>
internal sealed class StoragePoolHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    /// <summary>Creates an empty handle (used by the P/Invoke marshaller).</summary>
    public StoragePoolHandle()
        : base(ownsHandle: true)
    {
    }

    /// <summary>Takes ownership of a raw reference (one element of a libvirt list).</summary>
    internal StoragePoolHandle(IntPtr handle)
        : base(ownsHandle: true)
    {
        SetHandle(handle);
    }

    /// <inheritdoc />
    protected override bool ReleaseHandle() => NativeMethods.virStoragePoolFree(handle) == 0;
}
