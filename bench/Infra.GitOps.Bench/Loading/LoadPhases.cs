using System.Diagnostics;
using System.Globalization;
using System.Text;
using Infra.GitOps.Graph;
using Infra.GitOps.Loading;
using Infra.GitOps.Loading.Schema;
using Infra.GitOps.Loading.Yaml;
using Infra.GitOps.Model;
using YamlDotNet.Core;

namespace Infra.GitOps.Bench.Loading;

/// <summary>
/// Where the load benchmark's time goes: each phase of the loader run on its own, sequentially on one thread
/// (medians of several rounds; the graph phase is <see cref="GraphBuilder.Build"/> as is, which spreads a big
/// stack over the cores itself), and the garbage collections and allocations of one whole compile. Allocations are
/// counted over all threads. Printed to standard error beside the figures; for attribution only (the figures are
/// the side-by-side ratio).
/// </summary>
internal static class LoadPhases
{
    private const int Rounds = 5;

    public static async Task<string> MeasureAsync(DirectorySourceTree tree, CompileOptions options, CancellationToken cancellationToken)
    {
        var phases = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        var allocated = new Dictionary<string, long>(StringComparer.Ordinal);
        var mark = GC.GetTotalAllocatedBytes(precise: true);
        void Add(string name, Stopwatch watch)
        {
            if (!phases.TryGetValue(name, out var list))
            {
                phases[name] = list = [];
            }

            list.Add(watch.Elapsed.TotalMilliseconds);
            var now = GC.GetTotalAllocatedBytes(precise: true);
            allocated[name] = now - mark;
            mark = now;
        }

        var resources = 0;
        for (var round = 0; round < Rounds; round++)
        {
            var watch = Stopwatch.StartNew();
            var entries = await tree.ListAsync(cancellationToken);
            Add("list", watch);

            watch.Restart();
            var files = new List<(string Path, byte[] Bytes)>();
            foreach (var entry in entries)
            {
                if (entry.Path.StartsWith("infra/", StringComparison.Ordinal))
                {
                    files.Add((entry.Path, await tree.ReadAllBytesAsync(entry.Path, cancellationToken)));
                }
            }

            Add("read", watch);

            var diagnostics = new List<Diagnostic>();
            watch.Restart();
            var texts = files.Select(f => (f.Path, Text: SourceDecoder.Decode(f.Path, f.Bytes, diagnostics)!)).ToList();
            Add("decode", watch);

            watch.Restart();
            foreach (var (_, text) in texts)
            {
                var parser = new Parser(new StringReader(text));
                while (parser.MoveNext())
                {
                }
            }

            Add("yaml-events", watch);

            watch.Restart();
            var trees = texts.Select(t => (t.Path, Documents: YamlFileParser.Parse(t.Path, t.Text, diagnostics, cancellationToken))).ToList();
            Add("yaml-tree", watch);

            watch.Restart();
            var paths = new PropertyPaths();
            var documents = 0;
            foreach (var (path, parsed) in trees)
            {
                foreach (var document in parsed)
                {
                    documents += DocumentReader.Read(path, document.Root, diagnostics, paths) is null ? 0 : 1;
                }
            }

            Add("validate+model", watch);
            trees.Clear();

            var loaded = await new RepositoryLoader().LoadAsync(tree, RepositoryLoadOptions.Default, cancellationToken);
            var repository = loaded.Value!; // the benchmark checked the repository loads without errors
            mark = GC.GetTotalAllocatedBytes(precise: true);
            watch.Restart();
            foreach (var stack in repository.Stacks)
            {
                resources = GraphBuilder.Build(repository.Project, stack, options.Graph).Value?.Resources.Length ?? 0;
            }

            Add("graph", watch);
        }

        var summary = new StringBuilder("load.phases (one at a time, median ms):");
        foreach (var (name, values) in phases)
        {
            values.Sort();
            summary.Append(CultureInfo.InvariantCulture, $" {name} {values[values.Count / 2]:F0} ({allocated[name] / (1024.0 * 1024.0):F0} MB)");
        }

        summary.Append(CultureInfo.InvariantCulture, $" (ms and MB allocated; yaml-tree includes yaml-events; {resources} graph resources)\n{await MeasureGcAsync(tree, options, cancellationToken)}");
        return summary.ToString();
    }

    private static async Task<string> MeasureGcAsync(DirectorySourceTree tree, CompileOptions options, CancellationToken cancellationToken)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var gen0 = GC.CollectionCount(0);
        var gen1 = GC.CollectionCount(1);
        var gen2 = GC.CollectionCount(2);
        var pause = GC.GetTotalPauseDuration();
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var watch = Stopwatch.StartNew();
        var result = await RepositoryCompiler.CompileAsync(tree, options, cancellationToken);
        var elapsed = watch.Elapsed.TotalMilliseconds;
        GC.KeepAlive(result);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"load.gc (one compile, {elapsed:F0} ms): gen0 {GC.CollectionCount(0) - gen0}, gen1 {GC.CollectionCount(1) - gen1}, gen2 {GC.CollectionCount(2) - gen2}, "
            + $"pause {(GC.GetTotalPauseDuration() - pause).TotalMilliseconds:F0} ms, allocated {(GC.GetTotalAllocatedBytes(precise: true) - allocated) / (1024.0 * 1024.0):F0} MB, "
            + $"server GC {System.Runtime.GCSettings.IsServerGC}, latency mode {System.Runtime.GCSettings.LatencyMode}");
    }
}
