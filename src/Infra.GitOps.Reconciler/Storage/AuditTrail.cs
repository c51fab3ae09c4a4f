using System.Text;
using System.Text.Json;
using Infra.GitOps.Reconciler.Audit;

namespace Infra.GitOps.Reconciler.Storage;

/// <summary>
/// Stacks' append-only audit trails: one JSON object per line per run. Appends are single writes of a whole
/// line under a process-wide gate, so lines never interleave; a torn last line (a crash mid-write) is skipped
/// when reading.
/// </summary>
public sealed class AuditTrail
{
    private readonly ReconcilerPaths paths;
    private static readonly SemaphoreSlim Gate = new(1, 1);

    /// <summary>Creates the trail over <paramref name="paths"/>.</summary>
    public AuditTrail(ReconcilerPaths paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        this.paths = paths;
    }

    /// <summary>Appends <paramref name="entry"/> to its stack's trail; durable when it returns.</summary>
    public async Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var path = paths.AuditFile(entry.Stack);
        var line = JsonSerializer.Serialize(entry, ReconcilerJson.Compact) + "\n";
        var bytes = Encoding.UTF8.GetBytes(line);
        Directory.CreateDirectory(paths.AuditDirectory);
        await Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, 4096, FileOptions.Asynchronous);
            await stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            stream.Flush(flushToDisk: true);
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>The stack's entries, oldest first; at most the newest <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<AuditEntry>> ReadAsync(string stack, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var path = paths.AuditFile(stack);
        if (!File.Exists(path))
        {
            return [];
        }

        var entries = new List<AuditEntry>();
        using var reader = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 4096, FileOptions.Asynchronous));
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            try
            {
                if (JsonSerializer.Deserialize<AuditEntry>(line, ReconcilerJson.Compact) is { } entry)
                {
                    entries.Add(entry);
                }
            }
            catch (JsonException)
            {
                // A torn line from a crash mid-append: the entries before and after it are still good.
            }
        }

        return entries.Count > limit ? entries.GetRange(entries.Count - limit, limit) : entries;
    }

    /// <summary><paramref name="entries"/> as a JSON array of audit entries (the shape of the audit lines), indented.</summary>
    public static string ToJson(IReadOnlyList<AuditEntry> entries) => JsonSerializer.Serialize(entries, ReconcilerJson.Indented);
}
