namespace Infra.GitOps.Providers.Libvirt.Native;

/// <summary>
/// A libvirt call failed: libvirt's own error code and message. Internal to the provider, which turns it into
/// a <see cref="ProviderException"/> naming the resource and the operation.
/// </summary>
internal sealed class LibvirtException : GitOpsException
{
    /// <summary>Creates the exception from libvirt's error code and message.</summary>
    public LibvirtException(LibvirtErrorCode code, string message)
        : base(message)
    {
        Code = code;
    }

    /// <summary>libvirt's <c>virErrorNumber</c>.</summary>
    public LibvirtErrorCode Code { get; }

    /// <summary>True when retrying may help: timeouts, lost connections, system errors.</summary>
    public bool IsTransient => Code is LibvirtErrorCode.OperationTimeout or LibvirtErrorCode.SystemError
        or LibvirtErrorCode.Rpc or LibvirtErrorCode.NoConnect or LibvirtErrorCode.ResourceBusy;

    /// <summary>True when the object looked up does not exist.</summary>
    public bool IsNotFound => Code is LibvirtErrorCode.NoDomain or LibvirtErrorCode.NoNetwork
        or LibvirtErrorCode.NoStoragePool or LibvirtErrorCode.NoStorageVolume;
}
