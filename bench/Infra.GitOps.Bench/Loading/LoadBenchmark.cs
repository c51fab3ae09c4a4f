using System.Diagnostics;
using System.Globalization;
using System.Text;
using Infra.GitOps.Graph;
using Infra.GitOps.Loading;
using Infra.GitOps.Model;
using YamlDotNet.Core;

namespace Infra.GitOps.Bench.Loading;

/// <summary>
/// Loading speed: a synthetic repository of 10,000 resources in 500 files (<see cref="SyntheticRepository"/>)
/// compiled by <see cref="RepositoryCompiler"/> (list, read, decode, parse, validate, translate, graph: what
/// <c>infra-gitops validate</c> does), against bare YamlDotNet parsing of the same files (list, read, decode,
/// then YamlDotNet's <see cref="Parser"/> event stream to the end: the parser our loader itself runs, with no
/// tree built), given the same parallelism over files as the loader; alternated in the same run, medians of
/// several iterations. Figures: <c>load.wall</c>, <c>load.vs-parse</c> (compile / bare parse),
/// <c>load.peak-memory</c> (the process's peak working set). Phase timings and GC counts go to standard error.
/// </summary>
public sealed class LoadBenchmark : IBenchmark
{
    private const int Resources = 10_000;
    private const int Files = 500;
    private const int Iterations = 9;

    // The synthetic stack declares a secret it never uses; nothing reads the environment.
    private static readonly CompileOptions Options = new() { Graph = GraphBuildOptions.Default with { EnvironmentLookup = _ => null } };

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
            var documents = await CompileAsync(tree, cancellationToken);
            if (documents != Resources)
            {
                throw new InvalidOperationException($"the synthetic repository loaded {documents} documents, not {Resources}");
            }

            await ParseAsync(tree, cancellationToken);

            var load = new List<double>(Iterations);
            var parse = new List<double>(Iterations);
            var loadOnly = new List<double>(Iterations);
            for (var i = 0; i < Iterations; i++)
            {
                parse.Add(await TimeAsync(() => ParseAsync(tree, cancellationToken)));
                load.Add(await TimeAsync(() => CompileAsync(tree, cancellationToken)));
                loadOnly.Add(await TimeAsync(() => LoadOnlyAsync(tree, cancellationToken)));
            }

            var loadMs = Median(load);
            var parseMs = Median(parse);
            var benchmarkPeakMb = Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0);
            var peakMb = await PeakOfOneCompileAsync(directory, cancellationToken) / (1024.0 * 1024.0);
            await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"load.memory: one compile in a fresh process {peakMb:F0} MB peak working set; this whole benchmark process (generator, both sides, every iteration) {benchmarkPeakMb:F0} MB"));
            await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"load.detail: compile {loadMs:F0} ms, bare parse {parseMs:F0} ms, load + validate only (no graph) {Median(loadOnly):F0} ms = {Median(loadOnly) / parseMs:F2} x ({Environment.ProcessorCount} cores, load average {LoadAverage()})"));
            await Console.Error.WriteLineAsync(await LoadPhases.MeasureAsync(tree, Options, cancellationToken));
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

    /// <summary>
    /// What <see cref="PeakOfOneCompileAsync"/> runs in the child: one compile of <paramref name="directory"/>, then
    /// the process's peak working set in bytes on standard output.
    /// </summary>
    public static async Task<int> CompileOnceAsync(string directory, CancellationToken cancellationToken)
    {
        await CompileAsync(new DirectorySourceTree(directory), cancellationToken);
        Console.WriteLine(Process.GetCurrentProcess().PeakWorkingSet64.ToString(CultureInfo.InvariantCulture));
        return 0;
    }

    // The peak memory of load + validate + translate + graph, as a tool run pays it: a fresh process (same runtime
    // settings as this one) that compiles the repository once.
    private static async Task<long> PeakOfOneCompileAsync(string directory, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!, [typeof(LoadBenchmark).Assembly.Location, Program.CompileOnceArgument, directory])
        {
            RedirectStandardOutput = true,
        }; // ProcessPath is the running host (dotnet), never null for a started process
        using var child = Process.Start(start)!; // a local executable: Start returns the process or throws
        var output = await child.StandardOutput.ReadToEndAsync(cancellationToken);
        await child.WaitForExitAsync(cancellationToken);
        return child.ExitCode == 0
            ? long.Parse(output.Trim(), CultureInfo.InvariantCulture)
            : throw new InvalidOperationException($"the one-compile child process failed with exit code {child.ExitCode}");
    }

    private static async Task<int> CompileAsync(DirectorySourceTree tree, CancellationToken cancellationToken)
    {
        var result = await RepositoryCompiler.CompileAsync(tree, Options, cancellationToken);
        var errors = result.Diagnostics.AddRange(result.Value?.Stacks.SelectMany(s => s.Diagnostics) ?? []).Where(d => d.Severity == Severity.Error).ToList();
        if (errors.Count > 0 || result.Value is null || result.Value.Stacks.Any(s => s.Graph is null))
        {
            throw new InvalidOperationException("the synthetic repository has errors:\n" + string.Join("\n", errors.Take(10)));
        }

        return result.Value.Stacks.Sum(s => s.Stack?.Documents.Length ?? 0);
    }

    /// <summary>Load and validate only, without translation (the figure this benchmark reported before it measured
    /// the whole path), for comparison.</summary>
    private static async Task<int> LoadOnlyAsync(DirectorySourceTree tree, CancellationToken cancellationToken)
    {
        var result = await new RepositoryLoader().LoadAsync(tree, RepositoryLoadOptions.Default, cancellationToken);
        return result.Value?.Stacks.Sum(s => s.Documents.Length) ?? 0;
    }

    private static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    /// <summary>
    /// The baseline: list, read and decode the same files, then run YamlDotNet's parser over each to the end; files
    /// in parallel as the loader parses them (<see cref="Environment.ProcessorCount"/> at once).
    /// </summary>
    private static async Task<int> ParseAsync(DirectorySourceTree tree, CancellationToken cancellationToken)
    {
        var files = (await tree.ListAsync(cancellationToken)).Where(e => e.Path.EndsWith(".yaml", StringComparison.Ordinal)).ToList();
        var events = 0;
        var options = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken };
        await Parallel.ForAsync(0, files.Count, options, async (i, token) =>
        {
            var text = Encoding.UTF8.GetString(await tree.ReadAllBytesAsync(files[i].Path, token));
            var parser = new Parser(new StringReader(text));
            var count = 0;
            while (parser.MoveNext())
            {
                count++;
            }

            Interlocked.Add(ref events, count);
        });

        return events;
    }

    private static async Task<double> TimeAsync(Func<Task<int>> action)
    {
        // Start from a fresh thread-pool work item: the code after an await runs inside the work item that completed
        // the previous run, whose frames keep that run's result reachable (65 MB for a compile, 23 MB for a load)
        // until the work item ends, so the next run's collections would copy it: each side would pay for the
        // other's results.
        await Task.Yield();
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
