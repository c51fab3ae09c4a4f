namespace Infra.GitOps.Providers;

/// <summary>
/// The contract every provider (libvirt, AWS, Azure, Kubernetes) implements, after Pulumi's provider protocol.
/// <para>
/// Planning (preview) calls only the read-only methods <see cref="CheckAsync"/>, <see cref="DiffAsync"/> and
/// <see cref="ReadAsync"/>; applying calls <see cref="CreateAsync"/>, <see cref="UpdateAsync"/> and
/// <see cref="DeleteAsync"/> too. Methods may be called concurrently for different resources. They must not block
/// the calling thread: the engine starts steps from one thread at a time and a call runs on it up to its first real
/// wait, so a call that blocks holds every other step back; blocking work (a native library's calls) belongs on a
/// thread of its own, as the libvirt provider runs it.
/// </para>
/// <para>
/// Errors: throw <see cref="ProviderException"/> with <c>IsTransient</c> true for throttling, timeouts and
/// eventual-consistency misses (the engine retries with backoff and jitter), false otherwise. Long-running
/// operations (ARM) are awaited inside the call, honouring the request's timeout and the token.
/// </para>
/// <para>
/// Every resource a provider creates carries its URN where the target allows (a tag, a label, libvirt
/// metadata), so that <see cref="ReadAsync"/> with a null id finds it after a crash. Outputs that are secret
/// are returned wrapped in <see cref="Model.SecretValue"/>.
/// </para>
/// </summary>
public interface IResourceProvider
{
    /// <summary>The package this provider serves: the first part of its type tokens (<c>libvirt</c>).</summary>
    string Package { get; }

    /// <summary>Applies the stack's configuration for this provider (<c>libvirt.uri</c>, <c>aws.region</c>).
    /// Called once before any other method.</summary>
    Task ConfigureAsync(ProviderConfiguration configuration, CancellationToken cancellationToken);

    /// <summary>Validates and normalises inputs (defaults filled in). Failures are reported, not thrown, and
    /// the engine turns them into diagnostics at the YAML location of the property.</summary>
    Task<CheckResult> CheckAsync(CheckRequest request, CancellationToken cancellationToken);

    /// <summary>Compares recorded inputs/outputs with new checked inputs. May ask the target (Kubernetes
    /// server-side dry run) but never changes it.</summary>
    Task<DiffResult> DiffAsync(DiffRequest request, CancellationToken cancellationToken);

    /// <summary>Creates the resource, tagging it with its URN, and returns its id and outputs.</summary>
    Task<CreateResult> CreateAsync(CreateRequest request, CancellationToken cancellationToken);

    /// <summary>Reads the actual state: by id, or by the URN tag when the id is null (a create that never
    /// returned). Returns <see cref="ResourceGone"/> when it does not exist.</summary>
    Task<ReadResult> ReadAsync(ReadRequest request, CancellationToken cancellationToken);

    /// <summary>Updates the resource in place and returns its new outputs.</summary>
    Task<UpdateResult> UpdateAsync(UpdateRequest request, CancellationToken cancellationToken);

    /// <summary>Deletes the resource. Deleting what is already gone succeeds.</summary>
    Task DeleteAsync(DeleteRequest request, CancellationToken cancellationToken);
}
