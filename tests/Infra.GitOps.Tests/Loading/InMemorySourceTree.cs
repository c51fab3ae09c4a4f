using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Text;
using Infra.GitOps.Loading;

namespace Infra.GitOps.Tests.Loading;

/// <summary>A source tree held in memory, for unit tests: files as bytes or text, symbolic links as targets.
/// Counts reads per path so that tests can check each file is read once.</summary>
public sealed class InMemorySourceTree : ISourceTree
{
    private readonly Dictionary<string, byte[]> files = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> links = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> declaredLengths = new(StringComparer.Ordinal);

    public InMemorySourceTree(IEnumerable<KeyValuePair<string, string>>? textFiles = null)
    {
        foreach (var (path, text) in textFiles ?? [])
        {
            Add(path, text);
        }
    }

    public string Description => "memory";

    public string? Revision => null;

    public ConcurrentDictionary<string, int> Reads { get; } = new(StringComparer.Ordinal);

    public InMemorySourceTree Add(string path, string text) => Add(path, Encoding.UTF8.GetBytes(text));

    public InMemorySourceTree Add(string path, byte[] bytes)
    {
        files[path] = bytes;
        return this;
    }

    public InMemorySourceTree AddLink(string path, string target)
    {
        links[path] = target;
        return this;
    }

    /// <summary>Lists <paramref name="path"/> with a length its content does not have (a file grown or shrunk).</summary>
    public InMemorySourceTree DeclareLength(string path, long length)
    {
        declaredLengths[path] = length;
        return this;
    }

    public Task<ImmutableArray<SourceTreeEntry>> ListAsync(CancellationToken cancellationToken)
    {
        var entries = files.Select(f => new SourceTreeEntry(f.Key, declaredLengths.GetValueOrDefault(f.Key, f.Value.LongLength), false, null))
            .Concat(links.Select(l => new SourceTreeEntry(l.Key, l.Value.Length, true, l.Value)))
            .OrderBy(e => e.Path, StringComparer.Ordinal)
            .ToImmutableArray();
        return Task.FromResult(entries);
    }

    public Task<byte[]> ReadAllBytesAsync(string path, CancellationToken cancellationToken)
    {
        Reads.AddOrUpdate(path, 1, (_, count) => count + 1);
        return files.TryGetValue(path, out var bytes)
            ? Task.FromResult(bytes)
            : Task.FromException<byte[]>(new FileNotFoundException(path));
    }
}
