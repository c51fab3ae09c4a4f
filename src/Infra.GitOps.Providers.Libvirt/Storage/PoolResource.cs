using System.Collections.Immutable;
using Infra.GitOps.Model;
using Infra.GitOps.Providers.Libvirt.Native;
using Infra.GitOps.Providers.Libvirt.Resources;
using Infra.GitOps.Providers.Libvirt.Tagging;
using Microsoft.Extensions.Logging;

namespace Infra.GitOps.Providers.Libvirt.Storage;

/// <summary>
/// <c>libvirt:index/pool:Pool</c>: a directory storage pool. Inputs <c>{name, type: "dir", path}</c>; outputs
/// <c>{name, path, capacity}</c> (not <c>allocation</c>: it moves with every write to the host's file system, so it would show as drift on every refresh); id = the pool's UUID. Every property change replaces the pool.
/// The URN is the extended attribute <c>user.infra-gitops.urn</c> of the target directory. A pool that still
/// holds volumes is never deleted.
/// </summary>
internal sealed class PoolResource : LibvirtResource
{
    public static readonly ResourceType Token = new("libvirt:index/pool:Pool");

    public PoolResource(LibvirtClient client, TimeProvider timeProvider, ILogger logger)
        : base(client, timeProvider, logger)
    {
    }

    public override ResourceType Type => Token;

    public override Task<CheckResult> CheckAsync(CheckRequest request, CancellationToken cancellationToken)
    {
        var (spec, failures) = Parse(request.NewInputs);
        var inputs = spec is null ? request.NewInputs : request.NewInputs.With("type", Text("dir"));
        return Task.FromResult(new CheckResult(inputs, failures));
    }

    public override DiffResult Diff(DiffRequest request) =>
        PropertyDiffer.Diff(request.OldInputs, request.NewInputs, request.IgnoreChanges, static (_, _, _) => true);

    public override async Task<CreateResult> CreateAsync(CreateRequest request, CancellationToken cancellationToken)
    {
        var spec = Valid(request.Urn, "create", Parse(request.Inputs));
        return await LibvirtClient.RunAsync(
            () =>
            {
                var existing = Client.FindPoolByName(spec.Name, cancellationToken);
                if (existing is not null)
                {
                    using (existing)
                    {
                        var current = PoolDefinition.Parse(Client.GetXml(existing, cancellationToken));
                        if (UrnTag.FromFile(current.Path) != request.Urn.Value)
                        {
                            throw NameTaken(request.Urn, "storage pool", spec.Name);
                        }

                        // Ours: left over by a create that never returned. Take it over.
                        Client.EnsurePoolActive(existing, cancellationToken);
                        return Result(existing, cancellationToken);
                    }
                }

                // The directory is tagged before libvirt knows the pool, so that a process killed at any point
                // leaves a pool (or a directory) recognisably ours, never one that looks foreign.
                var tag = UrnTag.FromFile(spec.Path);
                if (tag is not null && tag != request.Urn.Value)
                {
                    throw NameTaken(request.Urn, "storage pool directory", spec.Path);
                }

                var made = !Directory.Exists(spec.Path);
                Directory.CreateDirectory(spec.Path);
                StoragePoolHandle pool;
                try
                {
                    UrnTag.TagFile(spec.Path, request.Urn);
                    pool = Client.DefinePool(PoolDefinition.Build(spec.Name, spec.Path), cancellationToken);
                }
                catch when (made)
                {
                    Directory.Delete(spec.Path);
                    throw;
                }

                using var owned = pool;
                try
                {
                    Client.BuildAndStartPool(pool, cancellationToken);
                }
                catch
                {
                    RemoveQuietly(pool);
                    throw;
                }

                return Result(pool, cancellationToken);
            },
            cancellationToken).ConfigureAwait(false);
    }

    public override Task<ReadResult> ReadAsync(ReadRequest request, CancellationToken cancellationToken) =>
        LibvirtClient.RunAsync<ReadResult>(
            () =>
            {
                using var pool = request.Id is null ? FindByUrn(request.Urn, cancellationToken) : Client.FindPoolByUuid(request.Id, cancellationToken);
                if (pool is null)
                {
                    return ResourceGone.Instance;
                }

                var result = Result(pool, cancellationToken);
                var definition = PoolDefinition.Parse(Client.GetXml(pool, cancellationToken));
                var inputs = Object(("name", Text(definition.Name)), ("type", Text(definition.Type)), ("path", Text(definition.Path)));
                return new ResourceFound(result.Id, inputs, result.Outputs);
            },
            cancellationToken);

    public override async Task<UpdateResult> UpdateAsync(UpdateRequest request, CancellationToken cancellationToken)
    {
        // No property of a pool changes in place (Diff replaces on every change): report the current state.
        var read = await ReadAsync(new ReadRequest(request.Urn, request.Type, request.Id, request.NewInputs, request.OldOutputs), cancellationToken).ConfigureAwait(false);
        return read is ResourceFound found
            ? new UpdateResult(found.Outputs)
            : throw Rejected(request.Urn, "update", $"storage pool {request.Id} no longer exists");
    }

    public override Task DeleteAsync(DeleteRequest request, CancellationToken cancellationToken) =>
        LibvirtClient.RunAsync(
            () =>
            {
                using var pool = Client.FindPoolByUuid(request.Id, cancellationToken);
                if (pool is null)
                {
                    return;
                }

                Client.RefreshPool(pool, cancellationToken);
                var volumes = Client.CountVolumes(pool, cancellationToken);
                if (volumes > 0)
                {
                    var definition = PoolDefinition.Parse(Client.GetXml(pool, cancellationToken));
                    throw Rejected(
                        request.Urn,
                        "delete",
                        $"storage pool '{definition.Name}' still holds {volumes} volume(s) in {definition.Path}: delete them first");
                }

                Client.RemovePool(pool, cancellationToken);
            },
            cancellationToken);

    internal static (PoolSpec? Spec, ImmutableArray<CheckFailure> Failures) Parse(ObjectValue inputs)
    {
        var reader = new InputReader(inputs);
        var name = reader.Name();
        var type = reader.String("type", required: false) ?? "dir";
        if (type != "dir")
        {
            reader.Fail("type", $"storage pool type '{type}' is not supported: only 'dir'");
        }

        var path = reader.String("path", required: true);
        if (path is not null && (!Path.IsPathFullyQualified(path) || path.Split('/').Contains("..") || path == "/"))
        {
            reader.Fail("path", $"'{path}' must be an absolute directory path without '..' (and not '/')");
        }

        return (reader.HasFailures || name is null || path is null ? null : new PoolSpec(name, path.TrimEnd('/')), reader.Failures);
    }

    private void RemoveQuietly(StoragePoolHandle pool)
    {
        try
        {
            Client.RemovePool(pool, CancellationToken.None);
        }
        catch (LibvirtException)
        {
            // Best effort: the create's own failure is the one to report.
        }
    }

    private StoragePoolHandle? FindByUrn(Urn urn, CancellationToken cancellationToken)
    {
        StoragePoolHandle? found = null;
        foreach (var pool in Client.ListPools(cancellationToken))
        {
            var path = PoolDefinition.Parse(Client.GetXml(pool, cancellationToken)).Path;
            if (found is null && path.Length > 0 && UrnTag.FromFile(path) == urn.Value)
            {
                found = pool;
            }
            else
            {
                pool.Dispose();
            }
        }

        return found;
    }

    private CreateResult Result(StoragePoolHandle pool, CancellationToken cancellationToken)
    {
        Client.RefreshPool(pool, cancellationToken);
        var definition = PoolDefinition.Parse(Client.GetXml(pool, cancellationToken));
        return new CreateResult(
            definition.Uuid,
            Object(
                ("name", Text(definition.Name)),
                ("path", Text(definition.Path)),
                ("capacity", Number(definition.Capacity))));
    }
}
