using System.Text.Json;
using Infra.GitOps.Reconciler.Status;

namespace Infra.GitOps.Reconciler.Storage;

/// <summary>
/// Stacks' <see cref="StackStatus"/> as JSON files beside their state. Writes are atomic (rename over), so a
/// reader (<c>infra-gitops status</c>) never sees a partial file. Writers of one stack are serialised by the
/// stack's lock; the store itself is thread-safe for different stacks.
/// </summary>
public sealed class StatusStore
{
    private readonly ReconcilerPaths paths;

    /// <summary>Creates the store over <paramref name="paths"/>.</summary>
    public StatusStore(ReconcilerPaths paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        this.paths = paths;
    }

    /// <summary>The stack's status, or null when the reconciler never saw it.</summary>
    /// <exception cref="GitOpsException">When the file exists but is not a status (corrupted by hand).</exception>
    public async Task<StackStatus?> LoadAsync(string stack, CancellationToken cancellationToken)
    {
        var path = paths.StatusFile(stack);
        if (!File.Exists(path))
        {
            return null;
        }

        var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        try
        {
            return JsonSerializer.Deserialize<StackStatus>(bytes, ReconcilerJson.Indented)
                ?? throw new GitOpsException($"{path}: the status file is empty; delete it to start over");
        }
        catch (JsonException exception)
        {
            throw new GitOpsException($"{path}: the status file is not valid ({exception.Message}); delete it to start over", exception);
        }
    }

    /// <summary>Replaces the stack's status atomically.</summary>
    public Task SaveAsync(StackStatus status, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(status);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(status, ReconcilerJson.Indented);
        return AtomicFile.WriteAllBytesAsync(paths.StatusFile(status.Stack), bytes, cancellationToken);
    }

    /// <summary>Every stored status, ordered by stack name.</summary>
    public async Task<IReadOnlyList<StackStatus>> ListAsync(CancellationToken cancellationToken)
    {
        if (!Directory.Exists(paths.StatusDirectory))
        {
            return [];
        }

        var statuses = new List<StackStatus>();
        foreach (var file in Directory.EnumerateFiles(paths.StatusDirectory, "*.json").Order(StringComparer.Ordinal))
        {
            var stack = Path.GetFileNameWithoutExtension(file);
            if (ReconcilerPaths.IsValidStackName(stack) && await LoadAsync(stack, cancellationToken).ConfigureAwait(false) is { } status)
            {
                statuses.Add(status);
            }
        }

        return statuses;
    }

    /// <summary><paramref name="statuses"/> as a JSON array of status documents (the shape of the status files), indented.</summary>
    public static string ToJson(IReadOnlyList<StackStatus> statuses) => JsonSerializer.Serialize(statuses, ReconcilerJson.Indented);
}
