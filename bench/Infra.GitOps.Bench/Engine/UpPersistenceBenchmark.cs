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

    /// <inheritdoc />
    public async Task<IReadOnlyList<BenchmarkFigure>> RunAsync(CancellationToken cancellationToken)
    {
        var graph = BenchGraphs.Layered(10_000, 10, seed: 7);
        var owner = new LockOwner("bench", Environment.ProcessId, Environment.MachineName, "up", DateTimeOffset.UnixEpoch);
        var operations = new StackOperations(TimeProvider.System);

        // Warm-up (JIT) on a small graph, persistence off.
        await operations.UpAsync(BenchGraphs.Layered(500, 10, seed: 1), new NoPersistenceStateStore(), new ProviderRegistry(new FakeProvider("fake")), owner, StackOperationOptions.Default, cancellationToken);

        var clock = Stopwatch.StartNew();
        var baseline = await operations.UpAsync(graph, new NoPersistenceStateStore(), new ProviderRegistry(new FakeProvider("fake")), owner, StackOperationOptions.Default, cancellationToken);
        var withoutPersistence = clock.Elapsed;
        if (!baseline.Succeeded)
        {
            throw new InvalidOperationException("the baseline up failed");
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
        var directory = Path.Combine(Path.GetTempPath(), "infra-gitops-bench-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var store = new FileStateStore("file://" + directory, directory, "bench", null, TimeProvider.System);
            using var sampling = new CancellationTokenSource();
            var peak = Environment.WorkingSet;
            var sampler = Task.Run(
                async () =>
                {
                    while (!sampling.IsCancellationRequested)
                    {
                        peak = Math.Max(peak, Environment.WorkingSet);
                        await Task.Delay(5, CancellationToken.None);
                    }
                },
                CancellationToken.None);
            clock.Restart();
            var persisted = await operations.UpAsync(graph, store, new ProviderRegistry(new FakeProvider("fake")), owner, StackOperationOptions.Default, cancellationToken);
            var withPersistence = clock.Elapsed;
            await sampling.CancelAsync();
            await sampler;
            if (!persisted.Succeeded)
            {
                throw new InvalidOperationException("the persisted up failed");
            }

            return
            [
                new BenchmarkFigure("engine.up-persist-ratio", withPersistence / withoutPersistence, "x", "<=", 1.5, "x"),
                new BenchmarkFigure("engine.up-peak-memory", Math.Max(peak, Environment.WorkingSet) / (1024.0 * 1024.0), "MB", "<", 300, "MB"),
            ];
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
