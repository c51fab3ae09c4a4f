using System.Collections.Immutable;
using System.Runtime.InteropServices;

namespace Infra.GitOps.Providers.Libvirt.Native;

/// <summary>
/// One open libvirt connection and the typed calls the provider makes on it. Every method is synchronous and
/// blocking: run it with <see cref="RunAsync{T}"/> (a thread of its own, not the thread pool). Each method checks the token before it
/// calls libvirt, so a cancelled operation stops between calls (a single libvirt call cannot be interrupted).
/// libvirt connections are thread-safe, so one client serves concurrent operations. Failures throw
/// <see cref="LibvirtException"/> with libvirt's message; lookups return null for "not found".
/// </summary>
internal sealed unsafe class LibvirtClient : IDisposable
{
    private const TaskCreationOptions Blocking = TaskCreationOptions.LongRunning | TaskCreationOptions.DenyChildAttach;

    private static int errorFuncInstalled;

    private readonly ConnectHandle connection;

    private LibvirtClient(ConnectHandle connection, string uri)
    {
        this.connection = connection;
        Uri = uri;
    }

    /// <summary>The connection URI.</summary>
    public string Uri { get; }

    /// <summary>Opens a read-write connection to <paramref name="uri"/>.</summary>
    public static LibvirtClient Open(string uri, CancellationToken cancellationToken)
    {
        InstallSilentErrorFunc();
        cancellationToken.ThrowIfCancellationRequested();
        var handle = NativeMethods.virConnectOpen(uri);
        if (handle.IsInvalid)
        {
            var error = LastError();
            handle.Dispose();
            throw error;
        }

        return new LibvirtClient(handle, uri);
    }

    /// <summary>
    /// Runs blocking libvirt work on a thread of its own. A libvirt call blocks for as long as the daemon works
    /// (starting a network or a guest takes seconds); on the thread pool, a few of them at once starve it (it has
    /// as many threads as cores and adds more only slowly), which stalls every other continuation -- the engine
    /// scheduling the next independent step included -- and serializes what should run in parallel.
    /// </summary>
    public static Task<T> RunAsync<T>(Func<T> work, CancellationToken cancellationToken) =>
        Task.Factory.StartNew(work, cancellationToken, Blocking, TaskScheduler.Default);

    /// <summary>Runs blocking libvirt work on a thread of its own (see <see cref="RunAsync{T}"/>).</summary>
    public static Task RunAsync(Action work, CancellationToken cancellationToken) =>
        Task.Factory.StartNew(work, cancellationToken, Blocking, TaskScheduler.Default);

    /// <inheritdoc />
    public void Dispose() => connection.Dispose();

    // ---- networks -------------------------------------------------------------------------------------

    public NetworkHandle DefineNetwork(string xml, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Checked(NativeMethods.virNetworkDefineXML(connection, xml));
    }

    public NetworkHandle? FindNetworkByName(string name, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return OrNull(NativeMethods.virNetworkLookupByName(connection, name));
    }

    public NetworkHandle? FindNetworkByUuid(string uuid, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return OrNull(NativeMethods.virNetworkLookupByUUIDString(connection, uuid));
    }

    public ImmutableArray<NetworkHandle> ListNetworks(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var count = Checked(NativeMethods.virConnectListAllNetworks(connection, out var list, 0));
        return TakeList(list, count, p => new NetworkHandle(p));
    }

    public void StartNetwork(NetworkHandle network, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Checked(NativeMethods.virNetworkCreate(network));
    }

    public void StopNetwork(NetworkHandle network, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (Checked(NativeMethods.virNetworkIsActive(network)) == 1)
        {
            Checked(NativeMethods.virNetworkDestroy(network));
        }
    }

    public void UndefineNetwork(NetworkHandle network, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Checked(NativeMethods.virNetworkUndefine(network));
    }

    public bool IsActive(NetworkHandle network, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Checked(NativeMethods.virNetworkIsActive(network)) == 1;
    }

    public string GetXml(NetworkHandle network, bool inactive, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return TakeString(NativeMethods.virNetworkGetXMLDesc(network, inactive ? NativeMethods.NetworkXmlInactive : 0));
    }

    public bool GetAutostart(NetworkHandle network, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Checked(NativeMethods.virNetworkGetAutostart(network, out var autostart));
        return autostart != 0;
    }

    public void SetAutostart(NetworkHandle network, bool autostart, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Checked(NativeMethods.virNetworkSetAutostart(network, autostart ? 1 : 0));
    }

    public ImmutableArray<DhcpLease> GetLeases(NetworkHandle network, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var count = Checked(NativeMethods.virNetworkGetDHCPLeases(network, IntPtr.Zero, out var leases, 0));
        var result = ImmutableArray.CreateBuilder<DhcpLease>(count);
        try
        {
            for (var i = 0; i < count; i++)
            {
                var lease = (LeaseStruct*)leases[i];
                result.Add(new DhcpLease(
                    Marshal.PtrToStringUTF8(lease->Mac) ?? string.Empty,
                    Marshal.PtrToStringUTF8(lease->IpAddress) ?? string.Empty,
                    (int)lease->Prefix));
            }
        }
        finally
        {
            for (var i = 0; i < count; i++)
            {
                NativeMethods.virNetworkDHCPLeaseFree(leases[i]);
            }

            NativeMemory.Free(leases);
        }

        return result.MoveToImmutable();
    }

    // ---- storage pools --------------------------------------------------------------------------------

    public StoragePoolHandle DefinePool(string xml, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Checked(NativeMethods.virStoragePoolDefineXML(connection, xml, 0));
    }

    public void BuildAndStartPool(StoragePoolHandle pool, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Checked(NativeMethods.virStoragePoolBuild(pool, 0));
        cancellationToken.ThrowIfCancellationRequested();
        Checked(NativeMethods.virStoragePoolCreate(pool, 0));
        cancellationToken.ThrowIfCancellationRequested();
        Checked(NativeMethods.virStoragePoolSetAutostart(pool, 1));
    }

    public void EnsurePoolActive(StoragePoolHandle pool, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (Checked(NativeMethods.virStoragePoolIsActive(pool)) == 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Checked(NativeMethods.virStoragePoolCreate(pool, 0));
        }
    }

    public StoragePoolHandle? FindPoolByName(string name, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return OrNull(NativeMethods.virStoragePoolLookupByName(connection, name));
    }

    public StoragePoolHandle? FindPoolByUuid(string uuid, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return OrNull(NativeMethods.virStoragePoolLookupByUUIDString(connection, uuid));
    }

    public ImmutableArray<StoragePoolHandle> ListPools(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var count = Checked(NativeMethods.virConnectListAllStoragePools(connection, out var list, 0));
        return TakeList(list, count, p => new StoragePoolHandle(p));
    }

    public bool IsActive(StoragePoolHandle pool, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Checked(NativeMethods.virStoragePoolIsActive(pool)) == 1;
    }

    public void RefreshPool(StoragePoolHandle pool, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (Checked(NativeMethods.virStoragePoolIsActive(pool)) == 1)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Checked(NativeMethods.virStoragePoolRefresh(pool, 0));
        }
    }

    public int CountVolumes(StoragePoolHandle pool, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (Checked(NativeMethods.virStoragePoolIsActive(pool)) == 0)
        {
            return 0;
        }

        cancellationToken.ThrowIfCancellationRequested();
        return Checked(NativeMethods.virStoragePoolNumOfVolumes(pool));
    }

    public string GetXml(StoragePoolHandle pool, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return TakeString(NativeMethods.virStoragePoolGetXMLDesc(pool, 0));
    }

    public void RemovePool(StoragePoolHandle pool, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (Checked(NativeMethods.virStoragePoolIsActive(pool)) == 1)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Checked(NativeMethods.virStoragePoolDestroy(pool));
        }

        // Removes the (empty) target directory that virStoragePoolBuild created.
        cancellationToken.ThrowIfCancellationRequested();
        Checked(NativeMethods.virStoragePoolDelete(pool, 0));
        cancellationToken.ThrowIfCancellationRequested();
        Checked(NativeMethods.virStoragePoolUndefine(pool));
    }

    public ImmutableArray<StorageVolumeHandle> ListVolumes(StoragePoolHandle pool, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var count = Checked(NativeMethods.virStoragePoolListAllVolumes(pool, out var list, 0));
        return TakeList(list, count, p => new StorageVolumeHandle(p));
    }

    // ---- storage volumes ------------------------------------------------------------------------------

    public StorageVolumeHandle CreateVolume(StoragePoolHandle pool, string xml, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Checked(NativeMethods.virStorageVolCreateXML(pool, xml, 0));
    }

    public StorageVolumeHandle? FindVolumeByPath(string path, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return OrNull(NativeMethods.virStorageVolLookupByPath(connection, path));
    }

    public StorageVolumeHandle? FindVolumeByName(StoragePoolHandle pool, string name, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return OrNull(NativeMethods.virStorageVolLookupByName(pool, name));
    }

    public StoragePoolHandle GetPoolOf(StorageVolumeHandle volume, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Checked(NativeMethods.virStoragePoolLookupByVolume(volume));
    }

    public void DeleteVolume(StorageVolumeHandle volume, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Checked(NativeMethods.virStorageVolDelete(volume, 0));
    }

    public void ResizeVolume(StorageVolumeHandle volume, ulong capacity, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Checked(NativeMethods.virStorageVolResize(volume, capacity, 0));
    }

    public string GetXml(StorageVolumeHandle volume, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return TakeString(NativeMethods.virStorageVolGetXMLDesc(volume, 0));
    }

    public string GetPath(StorageVolumeHandle volume, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return TakeString(NativeMethods.virStorageVolGetPath(volume));
    }

    // ---- domains --------------------------------------------------------------------------------------

    public DomainHandle DefineDomain(string xml, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Checked(NativeMethods.virDomainDefineXML(connection, xml));
    }

    public DomainHandle? FindDomainByName(string name, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return OrNull(NativeMethods.virDomainLookupByName(connection, name));
    }

    public DomainHandle? FindDomainByUuid(string uuid, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return OrNull(NativeMethods.virDomainLookupByUUIDString(connection, uuid));
    }

    public ImmutableArray<DomainHandle> ListDomains(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var count = Checked(NativeMethods.virConnectListAllDomains(connection, out var list, 0));
        return TakeList(list, count, p => new DomainHandle(p));
    }

    public void StartDomain(DomainHandle domain, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Checked(NativeMethods.virDomainCreate(domain));
    }

    /// <summary>Powers the domain off at once (pulling the plug); a domain already off is left alone.</summary>
    public void DestroyDomain(DomainHandle domain, CancellationToken cancellationToken)
    {
        if (GetState(domain, cancellationToken) == DomainState.ShutOff)
        {
            return;
        }

        cancellationToken.ThrowIfCancellationRequested();
        var rc = NativeMethods.virDomainDestroy(domain);
        if (rc < 0)
        {
            var error = LastError();
            // It may have stopped between the state check and the destroy: that is the wanted outcome.
            if (error.Code != LibvirtErrorCode.OperationInvalid)
            {
                throw error;
            }
        }
    }

    /// <summary>Asks the guest to shut down through ACPI; returns at once.</summary>
    public void ShutdownDomain(DomainHandle domain, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Checked(NativeMethods.virDomainShutdown(domain));
    }

    public void UndefineDomain(DomainHandle domain, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Checked(NativeMethods.virDomainUndefineFlags(
            domain,
            NativeMethods.DomainUndefineManagedSave | NativeMethods.DomainUndefineSnapshotsMetadata | NativeMethods.DomainUndefineNvram));
    }

    public string GetXml(DomainHandle domain, bool inactive, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return TakeString(NativeMethods.virDomainGetXMLDesc(domain, inactive ? NativeMethods.DomainXmlInactive : 0));
    }

    public DomainState GetState(DomainHandle domain, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Checked(NativeMethods.virDomainGetState(domain, out var state, out _, 0));
        return Enum.IsDefined(typeof(DomainState), state) ? (DomainState)state : DomainState.NoState;
    }

    public bool GetAutostart(DomainHandle domain, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Checked(NativeMethods.virDomainGetAutostart(domain, out var autostart));
        return autostart != 0;
    }

    public void SetAutostart(DomainHandle domain, bool autostart, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Checked(NativeMethods.virDomainSetAutostart(domain, autostart ? 1 : 0));
    }

    /// <summary>Sets (or with a null <paramref name="element"/> removes) our metadata element in the
    /// persistent definition.</summary>
    public void SetMetadata(DomainHandle domain, string? element, string prefix, string namespaceUri, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Checked(NativeMethods.virDomainSetMetadata(domain, NativeMethods.DomainMetadataElement, element, prefix, namespaceUri, NativeMethods.DomainAffectConfig));
    }

    /// <summary>Our metadata element from the persistent definition, or null when there is none.</summary>
    public string? GetMetadata(DomainHandle domain, string namespaceUri, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var text = NativeMethods.virDomainGetMetadata(domain, NativeMethods.DomainMetadataElement, namespaceUri, NativeMethods.DomainAffectConfig);
        if (text == IntPtr.Zero)
        {
            var error = LastError();
            return error.Code == LibvirtErrorCode.NoDomainMetadata ? null : throw error;
        }

        return TakeString(text);
    }

    /// <summary>The running guest's interfaces and addresses, from the DHCP leases of its networks.</summary>
    public ImmutableArray<GuestInterface> GetInterfaceAddresses(DomainHandle domain, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var count = Checked(NativeMethods.virDomainInterfaceAddresses(domain, out var list, NativeMethods.DomainInterfaceAddressesSourceLease, 0));
        var result = ImmutableArray.CreateBuilder<GuestInterface>(count);
        try
        {
            for (var i = 0; i < count; i++)
            {
                var iface = (InterfaceStruct*)list[i];
                var addresses = ImmutableArray.CreateBuilder<string>((int)iface->AddressCount);
                for (var a = 0; a < iface->AddressCount; a++)
                {
                    addresses.Add(Marshal.PtrToStringUTF8(iface->Addresses[a].Address) ?? string.Empty);
                }

                result.Add(new GuestInterface(
                    Marshal.PtrToStringUTF8(iface->Name) ?? string.Empty,
                    Marshal.PtrToStringUTF8(iface->HardwareAddress) ?? string.Empty,
                    addresses.MoveToImmutable()));
            }
        }
        finally
        {
            for (var i = 0; i < count; i++)
            {
                NativeMethods.virDomainInterfaceFree(list[i]);
            }

            NativeMemory.Free(list);
        }

        return result.MoveToImmutable();
    }

    // ---- plumbing -------------------------------------------------------------------------------------

    private static void InstallSilentErrorFunc()
    {
        // libvirt prints every error to stderr unless an error function is set; ours ignores them, errors
        // are read back with virGetLastError on the failing thread.
        if (Interlocked.Exchange(ref errorFuncInstalled, 1) == 0)
        {
            NativeMethods.virSetErrorFunc(IntPtr.Zero, &IgnoreError);
        }
    }

    [UnmanagedCallersOnly]
    private static void IgnoreError(IntPtr userData, IntPtr error)
    {
    }

    private static LibvirtException LastError()
    {
        var error = NativeMethods.virGetLastError();
        if (error == IntPtr.Zero)
        {
            return new LibvirtException(LibvirtErrorCode.Unknown, "libvirt call failed without an error message");
        }

        var record = (ErrorStruct*)error;
        var code = (LibvirtErrorCode)record->Code;
        var message = Marshal.PtrToStringUTF8(record->Message) ?? "libvirt call failed";
        NativeMethods.virResetLastError();
        return new LibvirtException(code, message);
    }

    private static int Checked(int result) => result < 0 ? throw LastError() : result;

    private static T Checked<T>(T handle)
        where T : SafeHandle
    {
        if (handle.IsInvalid)
        {
            var error = LastError();
            handle.Dispose();
            throw error;
        }

        return handle;
    }

    private static T? OrNull<T>(T handle)
        where T : SafeHandle
    {
        if (!handle.IsInvalid)
        {
            return handle;
        }

        var error = LastError();
        handle.Dispose();
        return error.IsNotFound ? null : throw error;
    }

    private static string TakeString(IntPtr text)
    {
        if (text == IntPtr.Zero)
        {
            throw LastError();
        }

        try
        {
            return Marshal.PtrToStringUTF8(text) ?? string.Empty;
        }
        finally
        {
            NativeMemory.Free((void*)text);
        }
    }

    private static ImmutableArray<T> TakeList<T>(IntPtr* list, int count, Func<IntPtr, T> wrap)
    {
        var result = ImmutableArray.CreateBuilder<T>(count);
        for (var i = 0; i < count; i++)
        {
            result.Add(wrap(list[i]));
        }

        NativeMemory.Free(list);
        return result.MoveToImmutable();
    }

    // Layouts of the libvirt structs read here (x86_64 / LP64), from libvirt's public headers.
    [StructLayout(LayoutKind.Sequential)]
    private struct ErrorStruct
    {
        public int Code;
        public int Domain;
        public IntPtr Message;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct LeaseStruct
    {
        public IntPtr Interface;
        public long ExpiryTime;
        public int Type;
        public IntPtr Mac;
        public IntPtr Iaid;
        public IntPtr IpAddress;
        public uint Prefix;
        public IntPtr Hostname;
        public IntPtr ClientId;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct InterfaceStruct
    {
        public IntPtr Name;
        public IntPtr HardwareAddress;
        public uint AddressCount;
        public AddressStruct* Addresses;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct AddressStruct
    {
        public int Type;
        public IntPtr Address;
        public uint Prefix;
    }
}
