namespace Infra.GitOps.Providers.Libvirt.Native;

/// <summary>libvirt's <c>virDomainState</c>.</summary>
internal enum DomainState
{
    /// <summary>No state.</summary>
    NoState = 0,

    /// <summary>Running.</summary>
    Running = 1,

    /// <summary>Blocked on a resource.</summary>
    Blocked = 2,

    /// <summary>Paused by the user.</summary>
    Paused = 3,

    /// <summary>Being shut down.</summary>
    ShuttingDown = 4,

    /// <summary>Shut off.</summary>
    ShutOff = 5,

    /// <summary>Crashed.</summary>
    Crashed = 6,

    /// <summary>Suspended by guest power management.</summary>
    PowerManagementSuspended = 7,
}
