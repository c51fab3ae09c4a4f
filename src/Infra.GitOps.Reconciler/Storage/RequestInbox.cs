using System.Text.Json;
using Infra.GitOps.Reconciler.Requests;

namespace Infra.GitOps.Reconciler.Storage;

/// <summary>
/// Pending manual and rollback requests, one file per stack, so that a CLI call reaches a running <c>serve</c>.
/// A newer request replaces an older one; the reconciler handles a request once (the status keeps its id) and
/// then removes it.
/// </summary>
public sealed class RequestInbox
{
    private readonly ReconcilerPaths paths;

    /// <summary>Creates the inbox over <paramref name="paths"/>.</summary>
    public RequestInbox(ReconcilerPaths paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        this.paths = paths;
    }

    /// <summary>Leaves <paramref name="request"/> for its stack, replacing any pending one.</summary>
    public Task SubmitAsync(ReconcileRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(request, ReconcilerJson.Indented);
        return AtomicFile.WriteAllBytesAsync(paths.RequestFile(request.Stack), bytes, cancellationToken);
    }

    /// <summary>The stack's pending request, or null. An unreadable file counts as none (and is left for a human).</summary>
    public async Task<ReconcileRequest?> PeekAsync(string stack, CancellationToken cancellationToken)
    {
        var path = paths.RequestFile(stack);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
            return JsonSerializer.Deserialize<ReconcileRequest>(bytes, ReconcilerJson.Indented);
        }
        catch (JsonException)
        {
            return null;
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Removes the stack's request if it is still <paramref name="requestId"/> (a newer one stays).</summary>
    public async Task CompleteAsync(string stack, string requestId, CancellationToken cancellationToken)
    {
        if (await PeekAsync(stack, cancellationToken).ConfigureAwait(false) is { } pending && pending.Id == requestId)
        {
            File.Delete(paths.RequestFile(stack));
        }
    }
}
