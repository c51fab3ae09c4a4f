using System.Diagnostics;
using Infra.GitOps.Engine;
using Infra.GitOps.State;
using Infra.GitOps.Testing;
using Infra.GitOps.Testing.State;

namespace Infra.GitOps.Bench.Engine;

/// <summary><c>engine.preview-10k</c>: a preview of 10,000 resources that are all up to date (Check and Diff for
/// each, references resolved from the state); the median of five runs after a warm-up.</summary>
public sealed class Preview10kBenchmark : IBenchmark
{
    /// <inheritdoc />
    public string Name => "engine.preview-10k";

    /// <inheritdoc />
    public async Task<IReadOnlyList<BenchmarkFigure>> RunAsync(CancellationToken cancellationToken)
    {
        var graph = BenchGraphs.Layered(10_000, 10, seed: 10_000);
        var provider = new FakeProvider("fake");
        var store = new InMemoryStateStore();
        var operations = new StackOperations(TimeProvider.System);
        var owner = new LockOwner("bench", Environment.ProcessId, Environment.MachineName, "up", DateTimeOffset.UnixEpoch);
        var up = await operations.UpAsync(graph, store, new ProviderRegistry(provider), owner, StackOperationOptions.Default, cancellationToken);
        if (!up.Succeeded)
        {
            throw new InvalidOperationException("the preview benchmark's setup up failed");
        }

        var times = new List<double>();
        for (var run = 0; run < 6; run++)
        {
            var clock = Stopwatch.StartNew();
            var plan = await operations.PreviewAsync(graph, store, new ProviderRegistry(provider), StackOperationOptions.Default, cancellationToken);
            clock.Stop();
            if (plan.ChangeSummary.HasChanges)
            {
                throw new InvalidOperationException("the no-change preview found changes: " + plan.ChangeSummary);
            }

            if (run > 0)
            {
                times.Add(clock.Elapsed.TotalMilliseconds);
            }
        }

        times.Sort();
        return [new BenchmarkFigure(Name, times[times.Count / 2], "ms", "<", 1000, "ms")];
    }
}
