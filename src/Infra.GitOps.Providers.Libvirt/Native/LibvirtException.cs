namespace Infra.GitOps.Providers.Libvirt.Native;

/// <summary>
/// A libvirt call failed: libvirt's own error code and message. Internal to the provider, which turns it into
/// a <see cref="ProviderException"/> naming the resource and the operation.
/// </summary>
internal sealed class LibvirtException : GitOpsException
{
    // strerror texts of EAGAIN, EINTR, EBUSY, ETIMEDOUT, ECONNRESET, ECONNREFUSED, EPIPE.
    private static readonly string[] TransientSystemErrors =
    [
        "Resource temporarily unavailable", "Interrupted system call", "Device or resource busy", "timed out",
        "Connection reset", "Connection refused", "Broken pipe",
    ];

    /// <summary>Creates the exception from libvirt's error code and message.</summary>
    public LibvirtException(LibvirtErrorCode code, string message)
        : base(message)
    {
        Code = code;
    }

    /// <summary>libvirt's <c>virErrorNumber</c>.</summary>
    public LibvirtErrorCode Code { get; }

    /// <summary>True when retrying may help: timeouts, lost or refused connections, busy resources and pools, and
    /// system errors whose errno says "try again" (a missing file or a permission problem stays permanent).</summary>
    public bool IsTransient => Code switch
    {
        LibvirtErrorCode.OperationTimeout or LibvirtErrorCode.Rpc or LibvirtErrorCode.NoConnect or LibvirtErrorCode.ResourceBusy => true,
        LibvirtErrorCode.SystemError => TransientSystemErrors.Any(m => Message.Contains(m, StringComparison.OrdinalIgnoreCase)),

        // A pool refuses some calls while a volume build runs (one a killed client started goes on in the daemon).
        LibvirtErrorCode.InternalError => Message.Contains("has asynchronous jobs running", StringComparison.Ordinal),
        _ => false,
    };

    /// <summary>True when the object looked up does not exist.</summary>
    public bool IsNotFound => Code is LibvirtErrorCode.NoDomain or LibvirtErrorCode.NoNetwork
        or LibvirtErrorCode.NoStoragePool or LibvirtErrorCode.NoStorageVolume;
}
