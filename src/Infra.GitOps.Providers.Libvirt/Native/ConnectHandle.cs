using Microsoft.Win32.SafeHandles;

namespace Infra.GitOps.Providers.Libvirt.Native;

/// <summary>A libvirt connection reference, released with <c>virConnectClose</c>. Invalid (zero) when the call that
/// returned it failed.</summary>
internal sealed class ConnectHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    /// <summary>Creates an empty handle (used by the P/Invoke marshaller).</summary>
    public ConnectHandle()
        : base(ownsHandle: true)
    {
    }

    /// <summary>Takes ownership of a raw reference (one element of a libvirt list).</summary>
    internal ConnectHandle(IntPtr handle)
        : base(ownsHandle: true)
    {
        SetHandle(handle);
    }

    /// <inheritdoc />
    protected override bool ReleaseHandle() => NativeMethods.virConnectClose(handle) == 0;
}
