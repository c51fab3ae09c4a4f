using System.Diagnostics;
using Infra.GitOps.Engine;
using Infra.GitOps.Engine.Execution;
using Infra.GitOps.Engine.Planning;
using Infra.GitOps.State;
using Infra.GitOps.Testing;

namespace Infra.GitOps.Bench.Engine;

/// <summary>
/// <c>engine.schedule-efficiency</c>: applying 1,000 creates in a random DAG of depth 10 (fixed seed) with 20 ms
/// per provider call at parallelism 16, against the ideal max(critical path, total work / P). Persistence is off
/// (a no-op journal): this measures the scheduler only.
/// </summary>
public sealed class ScheduleEfficiencyBenchmark : IBenchmark
{
    private const int Resources = 1000;
    private const int Depth = 10;
    private const int Parallelism = 16;
    private static readonly TimeSpan Latency = TimeSpan.FromMilliseconds(20);

    /// <inheritdoc />
    public string Name => "engine.schedule-efficiency";

    /// <inheritdoc />
    public async Task<IReadOnlyList<BenchmarkFigure>> RunAsync(CancellationToken cancellationToken)
    {
        var graph = BenchGraphs.Layered(Resources, Depth, seed: 1000);
        var provider = new FakeProvider("fake") { DefaultBehavior = FakeResourceBehavior.Default with { Latency = Latency } };
        var registry = new ProviderRegistry(provider);
        var plan = await new Planner(registry, TimeProvider.System).PlanAsync(graph, null, PlanOptions.Default, cancellationToken);

        var clock = Stopwatch.StartNew();
        var result = await new PlanExecutor(registry, TimeProvider.System).ApplyAsync(
            plan,
            new NoOpStateJournal(StackSnapshot.Empty),
            ApplyOptions.Default with { Parallelism = Parallelism },
            cancellationToken);
        var wall = clock.Elapsed;
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("the scheduling benchmark's apply failed");
        }

        var criticalPath = Latency * Depth;
        var work = Latency * Resources / Parallelism;
        var ideal = criticalPath > work ? criticalPath : work;
        return [new BenchmarkFigure(Name, wall / ideal, "x", "<=", 1.10, "x")];
    }
}
