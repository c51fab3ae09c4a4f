using System.Diagnostics;
using System.Text;
using Infra.GitOps.Loading;
using YamlDotNet.Core;

namespace Infra.GitOps.Bench.Loading;

/// <summary>
/// Loading speed: a synthetic repository of 10,000 resources in 500 files (<see cref="SyntheticRepository"/>),
/// loaded and validated by <see cref="RepositoryLoader"/>, against bare YamlDotNet parsing (the parser's events
/// over the same files, read from disk the same way), alternated in the same run; medians of several
/// iterations. Figures: <c>load.wall</c>, <c>load.vs-parse</c> (load / bare parse), <c>load.peak-memory</c>
/// (the process's peak working set).
/// </summary>
public sealed class LoadBenchmark : IBenchmark
{
    private const int Resources = 10_000;
    private const int Files = 500;
    private const int Iterations = 9;

    /// <inheritdoc />
    public string Name => "load";

    /// <inheritdoc />
    public async Task<IReadOnlyList<BenchmarkFigure>> RunAsync(CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory("infra-gitops-load-bench-").FullName;
        try
        {
            await SyntheticRepository.WriteAsync(directory, Resources, Files, cancellationToken);
            var tree = new DirectorySourceTree(directory);

            // Warm up both paths (JIT, file cache), and check the repository is what it claims to be.
            var documents = await LoadAsync(tree, cancellationToken);
            if (documents != Resources)
            {
                throw new InvalidOperationException($"the synthetic repository loaded {documents} documents, not {Resources}");
            }

            await ParseAsync(tree, cancellationToken);

            var load = new List<double>(Iterations);
            var parse = new List<double>(Iterations);
            for (var i = 0; i < Iterations; i++)
            {
                parse.Add(await TimeAsync(() => ParseAsync(tree, cancellationToken)));
                load.Add(await TimeAsync(() => LoadAsync(tree, cancellationToken)));
            }

            var loadMs = Median(load);
            var parseMs = Median(parse);
            var peakMb = Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0);
            return
            [
                new BenchmarkFigure("load.wall", loadMs, "ms", "<", 1000, "ms"),
                new BenchmarkFigure("load.vs-parse", loadMs / parseMs, "x", "<=", 2.0, "x"),
                new BenchmarkFigure("load.peak-memory", peakMb, "MB", "<", 300, "MB"),
            ];
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<int> LoadAsync(DirectorySourceTree tree, CancellationToken cancellationToken)
    {
        var result = await new RepositoryLoader().LoadAsync(tree, RepositoryLoadOptions.Default, cancellationToken);
        if (result.HasErrors)
        {
            throw new InvalidOperationException("the synthetic repository has errors:\n" + string.Join("\n", result.Diagnostics.Take(10)));
        }

        return result.Value!.Stacks.Sum(s => s.Documents.Length); // no errors: the value is set
    }

    /// <summary>The baseline: list, read and decode the same files, then run YamlDotNet's parser over them.</summary>
    private static async Task<int> ParseAsync(DirectorySourceTree tree, CancellationToken cancellationToken)
    {
        var events = 0;
        foreach (var entry in await tree.ListAsync(cancellationToken))
        {
            if (!entry.Path.EndsWith(".yaml", StringComparison.Ordinal))
            {
                continue;
            }

            var text = Encoding.UTF8.GetString(await tree.ReadAllBytesAsync(entry.Path, cancellationToken));
            var parser = new Parser(new StringReader(text));
            while (parser.MoveNext())
            {
                events++;
            }
        }

        return events;
    }

    private static async Task<double> TimeAsync(Func<Task<int>> action)
    {
        var watch = Stopwatch.StartNew();
        await action();
        return watch.Elapsed.TotalMilliseconds;
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }
}
