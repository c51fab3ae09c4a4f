using System.Runtime.InteropServices;

namespace Infra.GitOps.Providers.Libvirt.Native;

/// <summary>
/// The libvirt C API, bound with source-generated P/Invoke. Every function here is blocking (it may talk to
/// the daemon over its socket): call it through <see cref="LibvirtClient.RunAsync{T}"/> (a thread of its own), never from a caller's
/// synchronisation context or a thread-pool thread.
/// Errors are reported through the thread-local <see cref="virGetLastError"/>, so an error must be read on
/// the thread of the failing call. Strings and arrays libvirt returns are freed with <c>free()</c>
/// (<see cref="NativeMemory.Free(void*)"/>).
/// </summary>
internal static unsafe partial class NativeMethods
{
    private const string Library = "libvirt.so.0";

    internal const uint DomainXmlInactive = 2;
    internal const uint DomainUndefineManagedSave = 1;
    internal const uint DomainUndefineSnapshotsMetadata = 2;
    internal const uint DomainUndefineNvram = 4;
    internal const int DomainMetadataElement = 2;
    internal const uint DomainAffectConfig = 2;
    internal const uint DomainInterfaceAddressesSourceLease = 0;
    internal const uint NetworkXmlInactive = 1;
    internal const uint StorageXmlInactive = 1;

    // Error handling.
    [LibraryImport(Library)]
    internal static partial IntPtr virGetLastError();

    [LibraryImport(Library)]
    internal static partial void virResetLastError();

    [LibraryImport(Library)]
    internal static partial void virSetErrorFunc(IntPtr userData, delegate* unmanaged<IntPtr, IntPtr, void> handler);

    // Connections.
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial ConnectHandle virConnectOpen(string? name);

    [LibraryImport(Library)]
    internal static partial int virConnectClose(IntPtr connection);

    [LibraryImport(Library)]
    internal static partial int virConnectListAllNetworks(ConnectHandle connection, out IntPtr* networks, uint flags);

    [LibraryImport(Library)]
    internal static partial int virConnectListAllDomains(ConnectHandle connection, out IntPtr* domains, uint flags);

    [LibraryImport(Library)]
    internal static partial int virConnectListAllStoragePools(ConnectHandle connection, out IntPtr* pools, uint flags);

    // Networks.
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial NetworkHandle virNetworkDefineXML(ConnectHandle connection, string xml);

    [LibraryImport(Library)]
    internal static partial int virNetworkCreate(NetworkHandle network);

    [LibraryImport(Library)]
    internal static partial int virNetworkDestroy(NetworkHandle network);

    [LibraryImport(Library)]
    internal static partial int virNetworkUndefine(NetworkHandle network);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial NetworkHandle virNetworkLookupByName(ConnectHandle connection, string name);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial NetworkHandle virNetworkLookupByUUIDString(ConnectHandle connection, string uuid);

    [LibraryImport(Library)]
    internal static partial IntPtr virNetworkGetXMLDesc(NetworkHandle network, uint flags);

    [LibraryImport(Library)]
    internal static partial int virNetworkIsActive(NetworkHandle network);

    [LibraryImport(Library)]
    internal static partial int virNetworkSetAutostart(NetworkHandle network, int autostart);

    [LibraryImport(Library)]
    internal static partial int virNetworkGetAutostart(NetworkHandle network, out int autostart);

    [LibraryImport(Library)]
    internal static partial int virNetworkGetDHCPLeases(NetworkHandle network, IntPtr mac, out IntPtr* leases, uint flags);

    [LibraryImport(Library)]
    internal static partial void virNetworkDHCPLeaseFree(IntPtr lease);

    [LibraryImport(Library)]
    internal static partial int virNetworkFree(IntPtr network);

    // Storage pools.
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial StoragePoolHandle virStoragePoolDefineXML(ConnectHandle connection, string xml, uint flags);

    [LibraryImport(Library)]
    internal static partial int virStoragePoolBuild(StoragePoolHandle pool, uint flags);

    [LibraryImport(Library)]
    internal static partial int virStoragePoolCreate(StoragePoolHandle pool, uint flags);

    [LibraryImport(Library)]
    internal static partial int virStoragePoolDestroy(StoragePoolHandle pool);

    [LibraryImport(Library)]
    internal static partial int virStoragePoolUndefine(StoragePoolHandle pool);

    [LibraryImport(Library)]
    internal static partial int virStoragePoolDelete(StoragePoolHandle pool, uint flags);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial StoragePoolHandle virStoragePoolLookupByName(ConnectHandle connection, string name);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial StoragePoolHandle virStoragePoolLookupByUUIDString(ConnectHandle connection, string uuid);

    [LibraryImport(Library)]
    internal static partial int virStoragePoolRefresh(StoragePoolHandle pool, uint flags);

    [LibraryImport(Library)]
    internal static partial IntPtr virStoragePoolGetXMLDesc(StoragePoolHandle pool, uint flags);

    [LibraryImport(Library)]
    internal static partial int virStoragePoolNumOfVolumes(StoragePoolHandle pool);

    [LibraryImport(Library)]
    internal static partial int virStoragePoolIsActive(StoragePoolHandle pool);

    [LibraryImport(Library)]
    internal static partial int virStoragePoolSetAutostart(StoragePoolHandle pool, int autostart);

    [LibraryImport(Library)]
    internal static partial int virStoragePoolListAllVolumes(StoragePoolHandle pool, out IntPtr* volumes, uint flags);

    [LibraryImport(Library)]
    internal static partial int virStoragePoolFree(IntPtr pool);

    // Storage volumes.
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial StorageVolumeHandle virStorageVolCreateXML(StoragePoolHandle pool, string xml, uint flags);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial StorageVolumeHandle virStorageVolLookupByPath(ConnectHandle connection, string path);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial StorageVolumeHandle virStorageVolLookupByName(StoragePoolHandle pool, string name);

    [LibraryImport(Library)]
    internal static partial int virStorageVolDelete(StorageVolumeHandle volume, uint flags);

    [LibraryImport(Library)]
    internal static partial int virStorageVolResize(StorageVolumeHandle volume, ulong capacity, uint flags);

    [LibraryImport(Library)]
    internal static partial IntPtr virStorageVolGetXMLDesc(StorageVolumeHandle volume, uint flags);

    [LibraryImport(Library)]
    internal static partial IntPtr virStorageVolGetPath(StorageVolumeHandle volume);

    [LibraryImport(Library)]
    internal static partial StoragePoolHandle virStoragePoolLookupByVolume(StorageVolumeHandle volume);

    [LibraryImport(Library)]
    internal static partial int virStorageVolFree(IntPtr volume);

    // Domains.
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial DomainHandle virDomainDefineXML(ConnectHandle connection, string xml);

    [LibraryImport(Library)]
    internal static partial int virDomainCreate(DomainHandle domain);

    [LibraryImport(Library)]
    internal static partial int virDomainDestroy(DomainHandle domain);

    [LibraryImport(Library)]
    internal static partial int virDomainShutdown(DomainHandle domain);

    [LibraryImport(Library)]
    internal static partial int virDomainUndefineFlags(DomainHandle domain, uint flags);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial DomainHandle virDomainLookupByName(ConnectHandle connection, string name);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial DomainHandle virDomainLookupByUUIDString(ConnectHandle connection, string uuid);

    [LibraryImport(Library)]
    internal static partial IntPtr virDomainGetXMLDesc(DomainHandle domain, uint flags);

    [LibraryImport(Library)]
    internal static partial int virDomainGetState(DomainHandle domain, out int state, out int reason, uint flags);

    [LibraryImport(Library)]
    internal static partial int virDomainSetAutostart(DomainHandle domain, int autostart);

    [LibraryImport(Library)]
    internal static partial int virDomainGetAutostart(DomainHandle domain, out int autostart);

    [LibraryImport(Library)]
    internal static partial int virDomainInterfaceAddresses(DomainHandle domain, out IntPtr* interfaces, uint source, uint flags);

    [LibraryImport(Library)]
    internal static partial void virDomainInterfaceFree(IntPtr iface);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int virDomainSetMetadata(DomainHandle domain, int type, string? metadata, string? key, string? uri, uint flags);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial IntPtr virDomainGetMetadata(DomainHandle domain, int type, string? uri, uint flags);

    [LibraryImport(Library)]
    internal static partial int virDomainFree(IntPtr domain);
}
