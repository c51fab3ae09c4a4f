using Microsoft.Win32.SafeHandles;

namespace Infra.GitOps.Providers.Libvirt.Native;

/// <summary>A libvirt network reference, released with <c>virNetworkFree</c>. Invalid (zero) when the call that
/// returned it failed.</summary>
internal sealed class NetworkHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    /// <summary>Creates an empty handle (used by the P/Invoke marshaller).</summary>
    public NetworkHandle()
        : base(ownsHandle: true)
    {
    }

    /// <summary>Takes ownership of a raw reference (one element of a libvirt list).</summary>
    internal NetworkHandle(IntPtr handle)
        : base(ownsHandle: true)
    {
        SetHandle(handle);
    }

    /// <inheritdoc />
    protected override bool ReleaseHandle() => NativeMethods.virNetworkFree(handle) == 0;
}
