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
    /// Warm-up pairs of both paths on the full graph, at least. The runtime's tiered compilation needs several runs of
    /// 10,000 steps before either path runs its optimized steps (the first pairs were 2 to 5 times slower than the steady
    /// state; after three pairs the first two measured persisted runs were still 1.3 to 2.4 times slower than the rest).
    /// The code an operation runs once (the lock, the store's files, the checkpoint) is compiled again after 30 and
    /// after 60 calls, in waves: with six pairs the background compiler spent 50 to 130 ms during many a measured
    /// persisted run (on the core the journal's writer uses) and next to nothing during the other side's, and the ratio
    /// came out 0.05 to 0.34 higher than after 70 pairs in each of four alternating runs; a warm-up that stopped at the
    /// first ten quiet pairs (51) still met a wave of 111 methods in its measured persisted runs.
    /// </summary>
    private const int WarmUpPairs = 64;

    /// <summary>After <see cref="WarmUpPairs"/>, warm-up goes on until this many pairs in a row compiled fewer than <see cref="QuietMethods"/> methods each.</summary>
    private const int QuietPairs = 10;

    private const int QuietMethods = 3;

    /// <summary>The most warm-up pairs (about 40 s); the figures say how much was compiled during the measured runs.</summary>
    private const int MaxWarmUpPairs = 120;

    /// <summary>
    /// Measured runs of each side after the warm-up, in ABBA blocks (without, with, with, without): each side follows a
    /// run of its own kind as often as one of the other kind. The runtime sizes the young generation's budget from what
    /// the previous runs left, and the run after one that did not collect starts with a small budget and collects early
    /// (20 to 60 ms, measured on either side: the run without persistence collects just the same when it follows
    /// itself). Strict alternation put that collection into the persisted run every single time. Each measured run
    /// also follows a conditioning run (see <see cref="ConditionAsync"/>). Five blocks, ten runs of each side: on this
    /// shared 2-core machine single persisted runs range from 0.8 to 1.8 times their median, and three blocks let two
    /// slow ones move it.
    /// </summary>
    private const int Blocks = 5;

    /// <inheritdoc />
    public async Task<IReadOnlyList<BenchmarkFigure>> RunAsync(CancellationToken cancellationToken)
    {
        var graph = BenchGraphs.Layered(10_000, 10, seed: 7);
        var owner = new LockOwner("bench", Environment.ProcessId, Environment.MachineName, "up", DateTimeOffset.UnixEpoch);
        var operations = new StackOperations(TimeProvider.System);

        // Warm-up of both paths, so that neither side pays the other's compilation and both run in steady state.
        var pairs = 0;
        for (var quiet = 0; pairs < MaxWarmUpPairs && (pairs < WarmUpPairs || quiet < QuietPairs); pairs++)
        {
            var compiled = System.Runtime.JitInfo.GetCompiledMethodCount();
            await UpWithoutPersistenceAsync(operations, graph, owner, cancellationToken);
            await UpPersistedAsync(operations, graph, owner, sample: false, cancellationToken);
            quiet = System.Runtime.JitInfo.GetCompiledMethodCount() - compiled < QuietMethods ? quiet + 1 : 0;
        }

        await Console.Error.WriteLineAsync(System.FormattableString.Invariant($"engine.up-persist: {pairs} warm-up pairs (until {QuietPairs} in a row compiled fewer than {QuietMethods} methods, at most {MaxWarmUpPairs})"));

        var without = new List<Run>(2 * Blocks);
        var with = new List<Run>(2 * Blocks);
        async Task<Run> WithoutAsync()
        {
            await ConditionAsync(operations, graph, owner, cancellationToken);
            return await UpWithoutPersistenceAsync(operations, graph, owner, cancellationToken);
        }

        async Task<Run> WithAsync()
        {
            await ConditionAsync(operations, graph, owner, cancellationToken);
            return (await UpPersistedAsync(operations, graph, owner, sample: false, cancellationToken)).Run;
        }

        for (var i = 0; i < Blocks; i++)
        {
            without.Add(await WithoutAsync());
            with.Add(await WithAsync());
            with.Add(await WithAsync());
            without.Add(await WithoutAsync());
        }

        // Peak memory in a run of its own: sampling the working set every 5 ms costs time the ratio should not include.
        var (_, peak) = await UpPersistedAsync(operations, graph, owner, sample: true, cancellationToken);

        await Console.Error.WriteLineAsync("engine.up-persist: without persistence " + Describe(without));
        await Console.Error.WriteLineAsync("engine.up-persist: with persistence    " + Describe(with));
        return
        [
            new BenchmarkFigure("engine.up-persist-ratio", Median(with) / Median(without), "x", "<=", 1.5, "x"),
            new BenchmarkFigure("engine.up-peak-memory", peak / (1024.0 * 1024.0), "MB", "<", 300, "MB"),
        ];
    }

    /// <summary>
    /// An unmeasured persisted up before every measured run of either side, so that every measured run has the same
    /// runs just before it. Without it, in ABBA blocks the run right after two runs without persistence was always a
    /// persisted one, and a run in that place starts with a small young-generation budget and collects in its apply
    /// (15-45 ms), whichever side it is: in a scratch order of three runs without persistence, then three with, the
    /// third run without persistence collected and no persisted run did. ABBA alone charged that collection to
    /// persistence in two of its six runs.
    /// </summary>
    private static Task ConditionAsync(StackOperations operations, Infra.GitOps.Graph.ResourceGraph graph, LockOwner owner, CancellationToken cancellationToken) =>
        UpPersistedAsync(operations, graph, owner, sample: false, cancellationToken);

    private static string Describe(List<Run> runs) => System.FormattableString.Invariant(
        $"{string.Join(" / ", runs.Select(r => r.Elapsed.ToString("F0", System.Globalization.CultureInfo.InvariantCulture)))} ms (median {Median(runs):F0}); CPU time median {MedianOf(runs.Select(r => r.Cpu)):F0} ms; compiled during them {runs.Sum(r => r.Jit.Methods)} methods, {runs.Sum(r => r.Jit.Milliseconds):F0} ms; collections {string.Join(" / ", runs.Select(r => r.Gc))}");

    /// <summary>The median elapsed time (the mean of the middle two for an even count).</summary>
    private static double Median(List<Run> runs) => MedianOf(runs.Select(r => r.Elapsed));

    private static double MedianOf(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static async Task<Run> UpWithoutPersistenceAsync(StackOperations operations, Infra.GitOps.Graph.ResourceGraph graph, LockOwner owner, CancellationToken cancellationToken)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var gc = GcSample.Take();
        var jit = JitSample.Take();
        var cpu = Environment.CpuUsage.TotalTime;
        var clock = Stopwatch.StartNew();
        var result = await operations.UpAsync(graph, new NoPersistenceStateStore(), new ProviderRegistry(new FakeProvider("fake")), owner, StackOperationOptions.Default, cancellationToken);
        var elapsed = clock.Elapsed.TotalMilliseconds;
        var used = (Environment.CpuUsage.TotalTime - cpu).TotalMilliseconds;
        return result.Succeeded ? new Run(elapsed, used, gc.Since(), jit.Since()) : throw new InvalidOperationException("the up without persistence failed");
    }

    // A persisted up into a fresh state directory; the working set is sampled every 5 ms while it runs.
    private static async Task<(Run Run, long Peak)> UpPersistedAsync(
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
            var gc = GcSample.Take();
            var jit = JitSample.Take();
            var cpu = Environment.CpuUsage.TotalTime;
            var clock = Stopwatch.StartNew();
            var persisted = await operations.UpAsync(graph, store, new ProviderRegistry(new FakeProvider("fake")), owner, StackOperationOptions.Default, cancellationToken);
            var elapsed = clock.Elapsed.TotalMilliseconds;
            var used = (Environment.CpuUsage.TotalTime - cpu).TotalMilliseconds;
            var collections = gc.Since();
            await sampling.CancelAsync();
            await sampler;
            return persisted.Succeeded
                ? (new Run(elapsed, used, collections, jit.Since()), Math.Max(peak, Environment.WorkingSet))
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

    /// <summary>
    /// One timed up: its wall time, the process's CPU time during it (every thread: the persisted up's steps run on two
    /// thread-pool threads and its journal writer on a third) and the collections that happened during it.
    /// </summary>
    private readonly record struct Run(double Elapsed, double Cpu, string Gc, JitSample Jit);

    /// <summary>What the JIT compiled (on every thread) between two moments: methods and compilation time.</summary>
    private readonly record struct JitSample(long Methods, double Milliseconds)
    {
        public static JitSample Take() => new(System.Runtime.JitInfo.GetCompiledMethodCount(), System.Runtime.JitInfo.GetCompilationTime().TotalMilliseconds);

        public JitSample Since()
        {
            var now = Take();
            return new JitSample(now.Methods - Methods, now.Milliseconds - Milliseconds);
        }
    }

    /// <summary>The collector's counters at one moment; <see cref="Since"/> describes the collections after it.</summary>
    private readonly record struct GcSample(TimeSpan Pause, int Gen0, int Gen1, int Gen2, long Allocated)
    {
        public static GcSample Take() => new(
            GC.GetTotalPauseDuration(), GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalAllocatedBytes());

        public string Since()
        {
            var now = Take();
            var count = now.Gen0 - Gen0;
            var allocated = (now.Allocated - Allocated) / (1024.0 * 1024.0);
            return count == 0
                ? System.FormattableString.Invariant($"none ({allocated:F0} MB)")
                : System.FormattableString.Invariant($"{count} ({now.Gen1 - Gen1} gen1, {now.Gen2 - Gen2} gen2) {(now.Pause - Pause).TotalMilliseconds:F0} ms, last promoted {GC.GetGCMemoryInfo(GCKind.Any).PromotedBytes / (1024.0 * 1024.0):F1} MB ({allocated:F0} MB)");
        }
    }
}
