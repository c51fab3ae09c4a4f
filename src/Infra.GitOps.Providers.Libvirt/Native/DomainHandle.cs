using Microsoft.Win32.SafeHandles;

namespace Infra.GitOps.Providers.Libvirt.Native;

/// <summary>A libvirt domain reference, released with <c>virDomainFree</c>. Invalid (zero) when the call that
/// returned it failed.</summary>
internal sealed class DomainHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    /// <summary>Creates an empty handle (used by the P/Invoke marshaller).</summary>
    public DomainHandle()
        : base(ownsHandle: true)
    {
    }

    /// <summary>Takes ownership of a raw reference (one element of a libvirt list).</summary>
    internal DomainHandle(IntPtr handle)
        : base(ownsHandle: true)
    {
        SetHandle(handle);
    }

    /// <inheritdoc />
    protected override bool ReleaseHandle() => NativeMethods.virDomainFree(handle) == 0;
}
