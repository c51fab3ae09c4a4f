using System.Collections.Concurrent;
using System.Collections.Immutable;
using Infra.GitOps.Model;
using Infra.GitOps.Providers.Libvirt.Native;
using Infra.GitOps.Providers.Libvirt.Resources;
using Infra.GitOps.Providers.Libvirt.Tagging;
using Microsoft.Extensions.Logging;

namespace Infra.GitOps.Providers.Libvirt.Storage;

/// <summary>
/// <c>libvirt:index/volume:Volume</c>: a file in a storage pool. Inputs <c>{name, pool, size (bytes; optional
/// over a base image, whose virtual size it then takes), format: "qcow2"|"raw", baseVolumeId?}</c>; outputs
/// <c>{name, pool, path, key, size, format}</c>; id = the volume key (its path). Growth is a resize in place;
/// shrinking, a new format, base, name or pool replace it. The URN is the extended attribute
/// <c>user.infra-gitops.urn</c> of the volume file.
/// </summary>
internal sealed class VolumeResource : LibvirtResource
{
    public static readonly ResourceType Token = new("libvirt:index/volume:Volume");

    // libvirt refuses to refresh a pool while one of its volumes is being built ("pool has asynchronous jobs
    // running"), but builds volumes of one pool in parallel. So per pool: creates share the gate (read lock),
    // a refresh takes it alone (write lock); other pools are independent.
    private static readonly ConcurrentDictionary<string, ReaderWriterLockSlim> PoolGates = new(StringComparer.Ordinal);

    private static ReaderWriterLockSlim GateOf(string pool) => PoolGates.GetOrAdd(pool, static _ => new ReaderWriterLockSlim(LockRecursionPolicy.NoRecursion));

    public VolumeResource(LibvirtClient client, TimeProvider timeProvider, ILogger logger)
        : base(client, timeProvider, logger)
    {
    }

    public override ResourceType Type => Token;

    public override Task<CheckResult> CheckAsync(CheckRequest request, CancellationToken cancellationToken)
    {
        var (spec, failures) = Parse(request.NewInputs);
        var inputs = spec is null ? request.NewInputs : request.NewInputs.With("format", Text(spec.Format));
        return Task.FromResult(new CheckResult(inputs, failures));
    }

    public override DiffResult Diff(DiffRequest request) =>
        PropertyDiffer.Diff(
            request.OldInputs,
            request.NewInputs,
            request.IgnoreChanges,
            static (key, before, after) => key != "size" || !(before is NumberValue b && after is NumberValue a && a.Value > b.Value));

    public override async Task<CreateResult> CreateAsync(CreateRequest request, CancellationToken cancellationToken)
    {
        var spec = Valid(request.Urn, "create", Parse(request.Inputs));
        return await LibvirtClient.RunAsync(
            () =>
            {
                // The usual case (an active pool, the name free in libvirt's view and on disk) needs no refresh, so
                // volumes of one pool are created in parallel. Anything else -- an inactive pool, a volume libvirt
                // lists under that name (maybe a file removed by hand), or a file libvirt does not list yet -- is
                // decided alone in the pool, on a fresh view.
                var gate = GateOf(spec.Pool);
                gate.EnterReadLock();
                try
                {
                    if (CreateInPool(request, spec, refreshed: false, cancellationToken) is { } created)
                    {
                        return created;
                    }
                }
                finally
                {
                    gate.ExitReadLock();
                }

                gate.EnterWriteLock();
                try
                {
                    return CreateInPool(request, spec, refreshed: true, cancellationToken)!; // refreshed: never null
                }
                finally
                {
                    gate.ExitWriteLock();
                }
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Creates the volume; without <paramref name="refreshed"/>, returns null (having changed nothing) when
    /// the name is not plainly free, for the caller to retry on a refreshed pool.</summary>
    private CreateResult? CreateInPool(CreateRequest request, VolumeSpec spec, bool refreshed, CancellationToken cancellationToken)
    {
        using var pool = Client.FindPoolByName(spec.Pool, cancellationToken)
            ?? throw Rejected(request.Urn, "create", $"storage pool '{spec.Pool}' does not exist");
        if (!refreshed)
        {
            if (!Client.IsActive(pool, cancellationToken))
            {
                return null; // started (once) under the write lock
            }
        }
        else
        {
            Client.EnsurePoolActive(pool, cancellationToken);
            Client.RefreshPool(pool, cancellationToken);
        }

        var poolPath = PoolDefinition.Parse(Client.GetXml(pool, cancellationToken)).Path;
        using (var existing = Client.FindVolumeByName(pool, spec.Name, cancellationToken))
        {
            if (existing is not null)
            {
                if (!refreshed)
                {
                    return null;
                }

                // Ours when tagged with our URN, or untagged while our marker says we were building it (a process
                // killed between the build and the tag): its content was never used. Start over.
                var tag = UrnTag.FromFile(Client.GetPath(existing, cancellationToken));
                if (tag != request.Urn.Value && (tag is not null || UrnTag.CreatingUrn(poolPath, spec.Name) != request.Urn.Value))
                {
                    throw NameTaken(request.Urn, "storage volume", $"{spec.Pool}/{spec.Name}");
                }

                Client.DeleteVolume(existing, cancellationToken);
            }
        }

        var baseFormat = spec.BaseVolumeId is null ? null : VolumeDefinition.DetectFormat(spec.BaseVolumeId);
        var capacity = spec.Size ?? VolumeDefinition.VirtualSize(spec.BaseVolumeId!); // Parse requires one of them
        UrnTag.MarkCreating(poolPath, spec.Name, request.Urn);
        StorageVolumeHandle volume;
        try
        {
            volume = Client.CreateVolume(pool, VolumeDefinition.Build(spec, capacity, baseFormat), cancellationToken);
        }
        catch (LibvirtException e)
        {
            // Nothing was made. Without a refresh, OperationInvalid is "volume target path ... already exists":
            // a file libvirt does not list yet, decided on a refreshed view.
            UrnTag.ClearCreating(poolPath, spec.Name);
            if (!refreshed && e.Code == LibvirtErrorCode.OperationInvalid)
            {
                return null;
            }

            throw;
        }

        using var owned = volume;
        var path = Client.GetPath(volume, cancellationToken);
        try
        {
            UrnTag.TagFile(path, request.Urn);
            UrnTag.ClearCreating(poolPath, spec.Name);
        }
        catch (IOException)
        {
            Client.DeleteVolume(volume, CancellationToken.None);
            throw;
        }

        return Result(volume, spec.Pool, cancellationToken);
    }

    public override Task<ReadResult> ReadAsync(ReadRequest request, CancellationToken cancellationToken) =>
        LibvirtClient.RunAsync<ReadResult>(
            () =>
            {
                var poolName = PoolName(request.Inputs) ?? PoolName(request.Outputs);
                if (poolName is null)
                {
                    return ResourceGone.Instance;
                }

                using var pool = Client.FindPoolByName(poolName, cancellationToken);
                if (pool is null)
                {
                    return ResourceGone.Instance;
                }

                // A file removed by hand stays in libvirt's view of the pool until it is refreshed.
                Refresh(pool, poolName, cancellationToken);

                using var volume = request.Id is null ? FindByUrn(pool, request.Urn, cancellationToken) : Client.FindVolumeByPath(request.Id, cancellationToken);
                if (volume is null)
                {
                    return ResourceGone.Instance;
                }

                var result = Result(volume, poolName, cancellationToken);
                var definition = VolumeDefinition.Parse(Client.GetXml(volume, cancellationToken));
                var inputs = Object(
                    ("name", Text(definition.Name)),
                    ("pool", Text(poolName)),
                    ("format", Text(definition.Format)));
                if (definition.BackingPath is not null)
                {
                    inputs = inputs.With("baseVolumeId", Text(definition.BackingPath));
                }

                // A volume over a base image may leave its size to the image: then there is no size to compare.
                if (definition.BackingPath is null || request.Inputs?["size"] is not null)
                {
                    inputs = inputs.With("size", Number(definition.Capacity));
                }

                return new ResourceFound(result.Id, inputs, result.Outputs);
            },
            cancellationToken);

    public override async Task<UpdateResult> UpdateAsync(UpdateRequest request, CancellationToken cancellationToken)
    {
        var spec = Valid(request.Urn, "update", Parse(request.NewInputs));
        return await LibvirtClient.RunAsync(
            () =>
            {
                using var volume = Client.FindVolumeByPath(request.Id, cancellationToken)
                    ?? throw Rejected(request.Urn, "update", $"storage volume {request.Id} no longer exists");
                var current = VolumeDefinition.Parse(Client.GetXml(volume, cancellationToken));
                if (spec.Size is { } size && size > current.Capacity)
                {
                    Client.ResizeVolume(volume, size, cancellationToken);
                }

                return new UpdateResult(Result(volume, spec.Pool, cancellationToken).Outputs);
            },
            cancellationToken).ConfigureAwait(false);
    }

    public override Task DeleteAsync(DeleteRequest request, CancellationToken cancellationToken) =>
        LibvirtClient.RunAsync(
            () =>
            {
                var poolName = PoolName(request.Inputs) ?? PoolName(request.Outputs);
                using var pool = poolName is null ? null : Client.FindPoolByName(poolName, cancellationToken);
                if (pool is not null)
                {
                    Refresh(pool, poolName!, cancellationToken); // pool is null when poolName is
                }

                using var volume = Client.FindVolumeByPath(request.Id, cancellationToken);
                if (volume is not null)
                {
                    Client.DeleteVolume(volume, cancellationToken);
                }
            },
            cancellationToken);

    internal static (VolumeSpec? Spec, ImmutableArray<CheckFailure> Failures) Parse(ObjectValue inputs)
    {
        var reader = new InputReader(inputs);
        var name = reader.Name();
        var pool = reader.Name("pool");
        var size = reader.Integer("size", required: InputReader.Unwrap(inputs["baseVolumeId"]) is null or NullValue, min: 1024 * 1024, max: 1L << 50);
        var format = reader.String("format", required: false) ?? "qcow2";
        if (format is not ("qcow2" or "raw"))
        {
            reader.Fail("format", $"volume format '{format}' is not supported: use 'qcow2' or 'raw'");
        }

        var baseVolumeId = reader.String("baseVolumeId", required: false);
        if (baseVolumeId is not null)
        {
            if (!Path.IsPathFullyQualified(baseVolumeId))
            {
                reader.Fail("baseVolumeId", $"base image '{baseVolumeId}' must be an absolute path");
            }
            else if (!File.Exists(baseVolumeId))
            {
                reader.Fail("baseVolumeId", $"base image '{baseVolumeId}' does not exist");
            }
            else if (format != "qcow2")
            {
                reader.Fail("format", "a volume over a base image must be 'qcow2' (copy-on-write)");
            }
        }

        return (reader.HasFailures || name is null || pool is null || (size is null && baseVolumeId is null)
                ? null
                : new VolumeSpec(name, pool, (ulong?)size, format, baseVolumeId),
            reader.Failures);
    }

    /// <summary>Refreshes libvirt's view of the pool, alone in it (never while one of its volumes is built).</summary>
    private void Refresh(StoragePoolHandle pool, string poolName, CancellationToken cancellationToken)
    {
        var gate = GateOf(poolName);
        gate.EnterWriteLock();
        try
        {
            Client.RefreshPool(pool, cancellationToken);
        }
        finally
        {
            gate.ExitWriteLock();
        }
    }

    private static string? PoolName(ObjectValue? values) =>
        values is not null && InputReader.Unwrap(values["pool"]) is StringValue pool ? pool.Value : null;

    private StorageVolumeHandle? FindByUrn(StoragePoolHandle pool, Urn urn, CancellationToken cancellationToken)
    {
        StorageVolumeHandle? found = null;
        foreach (var volume in Client.ListVolumes(pool, cancellationToken))
        {
            if (found is null && UrnTag.FromFile(Client.GetPath(volume, cancellationToken)) == urn.Value)
            {
                found = volume;
            }
            else
            {
                volume.Dispose();
            }
        }

        return found;
    }

    private CreateResult Result(StorageVolumeHandle volume, string poolName, CancellationToken cancellationToken)
    {
        var definition = VolumeDefinition.Parse(Client.GetXml(volume, cancellationToken));
        return new CreateResult(
            definition.Path,
            Object(
                ("name", Text(definition.Name)),
                ("pool", Text(poolName)),
                ("path", Text(definition.Path)),
                ("key", Text(definition.Key)),
                ("size", Number(definition.Capacity)),
                ("format", Text(definition.Format))));
    }
}
