using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Infra.GitOps.Model;

namespace Infra.GitOps.Testing;

/// <summary>
/// The "cloud" behind <see cref="FakeProvider"/>: the resources that actually exist. In memory, or in a directory
/// with one JSON file per resource (named after a hash of its URN and its id, written atomically: temp file then
/// rename), so that another process (a crashed <c>up</c>) sees the same resources. Thread-safe; the directory
/// form is safe across processes as long as each resource is written by one process at a time.
/// </summary>
public sealed class FakeCloud
{
    private readonly ConcurrentDictionary<string, FakeCloudResource>? memory;
    private long lastSequence;

    private FakeCloud(string? directory)
    {
        Directory = directory;
        if (directory is null)
        {
            memory = new ConcurrentDictionary<string, FakeCloudResource>(StringComparer.Ordinal);
        }
        else
        {
            System.IO.Directory.CreateDirectory(directory);
        }
    }

    /// <summary>The directory, or null for an in-memory cloud.</summary>
    public string? Directory { get; }

    /// <summary>A cloud that lives as long as this object.</summary>
    public static FakeCloud InMemory() => new(null);

    /// <summary>A cloud in <paramref name="directory"/> (created if missing; existing resources are kept).</summary>
    public static FakeCloud InDirectory(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        return new FakeCloud(Path.GetFullPath(directory));
    }

    /// <summary>The next creation sequence number (increasing within a process, ordered by time across processes).</summary>
    public long NextSequence(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        var now = timeProvider.GetUtcNow().UtcTicks;
        while (true)
        {
            var last = Interlocked.Read(ref lastSequence);
            var next = Math.Max(now, last + 1);
            if (Interlocked.CompareExchange(ref lastSequence, next, last) == last)
            {
                return next;
            }
        }
    }

    /// <summary>Every resource, ordered by URN then sequence.</summary>
    public async Task<IReadOnlyList<FakeCloudResource>> ListAsync(CancellationToken cancellationToken)
    {
        if (memory is not null)
        {
            return memory.Values.OrderBy(r => r.Urn).ThenBy(r => r.Sequence).ToList();
        }

        var list = new List<FakeCloudResource>();
        foreach (var file in System.IO.Directory.EnumerateFiles(Directory!, "*.json"))
        {
            if (await ReadFileAsync(file, cancellationToken).ConfigureAwait(false) is { } resource)
            {
                list.Add(resource);
            }
        }

        return list.OrderBy(r => r.Urn).ThenBy(r => r.Sequence).ToList();
    }

    /// <summary>The resource with that id, or null.</summary>
    public async Task<FakeCloudResource?> GetAsync(string id, CancellationToken cancellationToken)
    {
        if (memory is not null)
        {
            return memory.GetValueOrDefault(id);
        }

        foreach (var file in System.IO.Directory.EnumerateFiles(Directory!, $"*.{id}.json"))
        {
            if (await ReadFileAsync(file, cancellationToken).ConfigureAwait(false) is { } resource)
            {
                return resource;
            }
        }

        return null;
    }

    /// <summary>The newest resource tagged with <paramref name="urn"/>, or null.</summary>
    public async Task<FakeCloudResource?> FindByUrnAsync(Urn urn, CancellationToken cancellationToken)
    {
        if (memory is not null)
        {
            return memory.Values.Where(r => r.Urn == urn).MaxBy(r => r.Sequence);
        }

        var found = new List<FakeCloudResource>();
        foreach (var file in System.IO.Directory.EnumerateFiles(Directory!, $"{Hash(urn)}.*.json"))
        {
            if (await ReadFileAsync(file, cancellationToken).ConfigureAwait(false) is { } resource && resource.Urn == urn)
            {
                found.Add(resource);
            }
        }

        return found.MaxBy(r => r.Sequence);
    }

    /// <summary>Creates or overwrites a resource (atomically in the directory form).</summary>
    public async Task PutAsync(FakeCloudResource resource, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resource);
        if (memory is not null)
        {
            memory[resource.Id] = resource;
            return;
        }

        var node = new JsonObject
        {
            ["urn"] = resource.Urn.Value,
            ["type"] = resource.Type.Token,
            ["id"] = resource.Id,
            ["sequence"] = resource.Sequence,
            ["inputs"] = FakeValueJson.ToObject(resource.Inputs),
            ["outputs"] = FakeValueJson.ToObject(resource.Outputs),
        };
        var path = FileOf(resource.Urn, resource.Id);
        var temp = $"{path}.{Guid.NewGuid():N}.tmp";
        await File.WriteAllTextAsync(temp, node.ToJsonString(), cancellationToken).ConfigureAwait(false);
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Removes the resource with that id; false when there was none.</summary>
    public Task<bool> RemoveAsync(string id, CancellationToken cancellationToken)
    {
        if (memory is not null)
        {
            return Task.FromResult(memory.TryRemove(id, out _));
        }

        var removed = false;
        foreach (var file in System.IO.Directory.EnumerateFiles(Directory!, $"*.{id}.json"))
        {
            cancellationToken.ThrowIfCancellationRequested();
            File.Delete(file);
            removed = true;
        }

        return Task.FromResult(removed);
    }

    private string FileOf(Urn urn, string id) => Path.Combine(Directory!, $"{Hash(urn)}.{id}.json");

    private static string Hash(Urn urn) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(urn.Value)))[..20];

    private static async Task<FakeCloudResource?> ReadFileAsync(string file, CancellationToken cancellationToken)
    {
        string text;
        try
        {
            text = await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false);
        }
        catch (FileNotFoundException)
        {
            // Deleted between listing and reading.
            return null;
        }

        var node = JsonNode.Parse(text)!.AsObject(); // files are written whole (atomic rename)
        return new FakeCloudResource(
            new Urn(node["urn"]!.GetValue<string>()),
            new ResourceType(node["type"]!.GetValue<string>()),
            node["id"]!.GetValue<string>(),
            FakeValueJson.FromObject(node["inputs"] as JsonObject),
            FakeValueJson.FromObject(node["outputs"] as JsonObject),
            node["sequence"]!.GetValue<long>());
    }
}
