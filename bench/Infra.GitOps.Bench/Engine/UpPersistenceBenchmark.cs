using System.Diagnostics;
using Infra.GitOps.Engine;
using Infra.GitOps.State;
using Infra.GitOps.Testing;

namespace Infra.GitOps.Bench.Engine;

/// <summary>
/// <c>engine.up-persist-ratio</c>: up of 10,000 new resources with a zero-latency provider through the
/// <see cref="FileStateStore"/> (journal per step, final checkpoint) against the same up with persistence off;
/// <c>engine.up-peak-memory</c>: the process working set's peak during the persisted up.
/// </summary>
public sealed class UpPersistenceBenchmark : IBenchmark
{
    /// <inheritdoc />
    public string Name => "engine.up-persist";

    /// <summary>
    /// Warm-up pairs of both paths on the full graph: the runtime's tiered compilation needs several runs of 10,000
    /// steps before either path runs its optimized code (the first pairs were 2 to 5 times slower than the steady state).
    /// </summary>
    private const int WarmUpPairs = 3;

    /// <summary>Measured pairs after the warm-up, alternating; medians.</summary>
    private const int Pairs = 5;

    /// <inheritdoc />
    public async Task<IReadOnlyList<BenchmarkFigure>> RunAsync(CancellationToken cancellationToken)
    {
        var graph = BenchGraphs.Layered(10_000, 10, seed: 7);
        var owner = new LockOwner("bench", Environment.ProcessId, Environment.MachineName, "up", DateTimeOffset.UnixEpoch);
        var operations = new StackOperations(TimeProvider.System);

        // Warm-up of both paths, so that neither side pays the other's compilation and both run in steady state.
        for (var i = 0; i < WarmUpPairs; i++)
        {
            await UpWithoutPersistenceAsync(operations, graph, owner, cancellationToken);
            await UpPersistedAsync(operations, graph, owner, sample: false, cancellationToken);
        }

        var without = new List<double>(Pairs);
        var with = new List<double>(Pairs);
        for (var i = 0; i < Pairs; i++)
        {
            without.Add(await UpWithoutPersistenceAsync(operations, graph, owner, cancellationToken));
            with.Add((await UpPersistedAsync(operations, graph, owner, sample: false, cancellationToken)).Elapsed);
        }

        // Peak memory in a run of its own: sampling the working set every 5 ms costs time the ratio should not include.
        var (_, peak) = await UpPersistedAsync(operations, graph, owner, sample: true, cancellationToken);

        await Console.Error.WriteLineAsync(System.FormattableString.Invariant(
            $"engine.up-persist: without persistence {string.Join(" / ", without.Select(v => v.ToString("F0", System.Globalization.CultureInfo.InvariantCulture)))} ms, with {string.Join(" / ", with.Select(v => v.ToString("F0", System.Globalization.CultureInfo.InvariantCulture)))} ms"));
        return
        [
            new BenchmarkFigure("engine.up-persist-ratio", Median(with) / Median(without), "x", "<=", 1.5, "x"),
            new BenchmarkFigure("engine.up-peak-memory", peak / (1024.0 * 1024.0), "MB", "<", 300, "MB"),
        ];
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }

    private static async Task<double> UpWithoutPersistenceAsync(StackOperations operations, Infra.GitOps.Graph.ResourceGraph graph, LockOwner owner, CancellationToken cancellationToken)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var clock = Stopwatch.StartNew();
        var result = await operations.UpAsync(graph, new NoPersistenceStateStore(), new ProviderRegistry(new FakeProvider("fake")), owner, StackOperationOptions.Default, cancellationToken);
        var elapsed = clock.Elapsed.TotalMilliseconds;
        return result.Succeeded ? elapsed : throw new InvalidOperationException("the up without persistence failed");
    }

    // A persisted up into a fresh state directory; the working set is sampled every 5 ms while it runs.
    private static async Task<(double Elapsed, long Peak)> UpPersistedAsync(
        StackOperations operations, Infra.GitOps.Graph.ResourceGraph graph, LockOwner owner, bool sample, CancellationToken cancellationToken)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var directory = Path.Combine(Path.GetTempPath(), "infra-gitops-bench-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var store = new FileStateStore("file://" + directory, directory, "bench", null, TimeProvider.System);
            using var sampling = new CancellationTokenSource();
            var peak = Environment.WorkingSet;
            var sampler = !sample ? Task.CompletedTask : Task.Run(
                async () =>
                {
                    while (!sampling.IsCancellationRequested)
                    {
                        peak = Math.Max(peak, Environment.WorkingSet);
                        await Task.Delay(5, CancellationToken.None);
                    }
                },
                CancellationToken.None);
            var clock = Stopwatch.StartNew();
            var persisted = await operations.UpAsync(graph, store, new ProviderRegistry(new FakeProvider("fake")), owner, StackOperationOptions.Default, cancellationToken);
            var elapsed = clock.Elapsed.TotalMilliseconds;
            await sampling.CancelAsync();
            await sampler;
            return persisted.Succeeded
                ? (elapsed, Math.Max(peak, Environment.WorkingSet))
                : throw new InvalidOperationException("the persisted up failed");
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }
}
