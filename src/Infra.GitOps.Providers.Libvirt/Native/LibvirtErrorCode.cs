namespace Infra.GitOps.Providers.Libvirt.Native;

/// <summary>The subset of libvirt's <c>virErrorNumber</c> the provider tells apart.</summary>
internal enum LibvirtErrorCode
{
    /// <summary>No error recorded (the call failed without saying why).</summary>
    Unknown = 0,

    /// <summary>VIR_ERR_INTERNAL_ERROR.</summary>
    InternalError = 1,

    /// <summary>VIR_ERR_NO_CONNECT: cannot reach the daemon.</summary>
    NoConnect = 5,

    /// <summary>VIR_ERR_OPERATION_FAILED.</summary>
    OperationFailed = 9,

    /// <summary>VIR_ERR_XML_ERROR.</summary>
    XmlError = 27,

    /// <summary>VIR_ERR_SYSTEM_ERROR: a system call failed.</summary>
    SystemError = 38,

    /// <summary>VIR_ERR_RPC: the connection to the daemon broke.</summary>
    Rpc = 39,

    /// <summary>VIR_ERR_NO_DOMAIN.</summary>
    NoDomain = 42,

    /// <summary>VIR_ERR_NO_NETWORK.</summary>
    NoNetwork = 43,

    /// <summary>VIR_ERR_NO_STORAGE_POOL.</summary>
    NoStoragePool = 49,

    /// <summary>VIR_ERR_NO_STORAGE_VOL.</summary>
    NoStorageVolume = 50,

    /// <summary>VIR_ERR_OPERATION_INVALID: not applicable now (already running, not active).</summary>
    OperationInvalid = 55,

    /// <summary>VIR_ERR_OPERATION_TIMEOUT.</summary>
    OperationTimeout = 68,

    /// <summary>VIR_ERR_NO_DOMAIN_METADATA.</summary>
    NoDomainMetadata = 80,

    /// <summary>VIR_ERR_RESOURCE_BUSY.</summary>
    ResourceBusy = 87,
}
