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
/// (a no-op journal): this measures the scheduler only. The work in the bound is each create's measured duration
/// (the fake's 20 ms wait plus the timer's granularity and the wake-up, ~1-2 ms on Linux and more on a loaded
/// machine): no scheduler can run an operation faster than it takes. <c>engine.schedule-efficiency-nominal</c>
/// gives the same wall time against the nominal 20 ms bound, and <c>engine.schedule-op-latency</c> the mean
/// measured duration, so both views are printed side by side.
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
        var provider = new TimedProvider(new FakeProvider("fake") { DefaultBehavior = FakeResourceBehavior.Default with { Latency = Latency } });
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

        var nominal = Max(Latency * Depth, Latency * Resources / Parallelism);
        var durations = plan.Steps.Select(s => provider.CreateDurations.GetValueOrDefault(s.Urn)).ToArray();
        var measured = Max(CriticalPath(plan, durations), durations.Aggregate(TimeSpan.Zero, (a, b) => a + b) / Parallelism);
        var mean = durations.Where(d => d > TimeSpan.Zero).Average(d => d.TotalMilliseconds);
        return
        [
            new BenchmarkFigure(Name, wall / measured, "x", "<=", 1.10, "x"),
            new BenchmarkFigure(Name + "-nominal", wall / nominal, "x", "<=", 1.10, "x"),
            new BenchmarkFigure("engine.schedule-op-latency", mean, "ms", ">=", Latency.TotalMilliseconds, "ms"),
        ];
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    /// <summary>The longest path through the plan's dependencies, each step weighing its measured duration.</summary>
    private static TimeSpan CriticalPath(Plan plan, TimeSpan[] durations)
    {
        // Plan steps come in dependency order: every step's dependencies have lower indexes.
        var finish = new TimeSpan[plan.Steps.Length];
        foreach (var step in plan.Steps)
        {
            if (step.DependsOn.Any(d => d >= step.Index))
            {
                throw new InvalidOperationException("the benchmark's plan is expected in dependency order");
            }

            var start = step.DependsOn.Select(d => finish[d]).DefaultIfEmpty(TimeSpan.Zero).Max();
            finish[step.Index] = start + durations[step.Index];
        }

        return finish.DefaultIfEmpty(TimeSpan.Zero).Max();
    }
}
