using System.Diagnostics;
using Infra.GitOps.Model;
using Infra.GitOps.Secrets;
using Infra.GitOps.State;
using Infra.GitOps.State.Serialization;

namespace Infra.GitOps.Bench.State;

/// <summary>
/// Persisting 3,000 step results one by one, as an <c>up</c> that creates 3,000 resources does: through the journal
/// (<see cref="FileStateStore"/>: two appended JSON lines per step, the begin waited for on disk, the end not) versus rewriting the
/// whole checkpoint at each step's begin and end (what Pulumi's snapshot manager does: serialise everything, write a
/// temporary file, fsync, rename). Both sides are durable on the same disk. The journal side runs all 3,000 steps;
/// the rewrite side, whose cost per step grows linearly with the state, is measured at every 50th step (at the
/// middle of each block of 50) and scaled by 50 -- running all 6,000 rewrites takes minutes on a shared disk.
/// </summary>
public sealed class JournalBenchmark : IBenchmark
{
    private const int Steps = 3_000;
    private const int RewriteSampleEvery = 50;
    private const int SyncSamples = 200;
    private const int Parallelism = 8;

    /// <inheritdoc />
    public string Name => "state";

    /// <inheritdoc />
    public async Task<IReadOnlyList<BenchmarkFigure>> RunAsync(CancellationToken cancellationToken)
    {
        var root = Path.Combine(Path.GetTempPath(), "infra-gitops-bench-state-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        try
        {
            var resources = Enumerable.Range(0, Steps).Select(Resource).ToArray();
            var keys = SecretsKeySource.FromKey(new byte[32]);

            var (derive, cached) = MeasurePassphrase();
            var sync = MeasureSync(Path.Combine(root, "sync"));
            var journal = await MeasureJournalAsync(Path.Combine(root, "journal"), resources, keys, cancellationToken).ConfigureAwait(false);
            var parallel = await MeasureJournalAsync(Path.Combine(root, "parallel"), resources, keys, cancellationToken, Parallelism).ConfigureAwait(false);
            var rewrite = MeasureRewrite(Path.Combine(root, "rewrite"), resources, keys, cancellationToken);
            var journalPerStep = journal.TotalMilliseconds / Steps;
            var rewritePerStep = rewrite.TotalMilliseconds / Steps;

            return
            [
                // Journal cost is constant per step, rewriting grows with the state (3,000 steps: 9 million resource
                // writes). The rewrite pays two disk syncs per step and the journal one, so the ratio is bounded
                // below by sync / (2 sync + serialising the state twice): measured 0.086 with 4.7 ms syncs and 0.113
                // with 7.7 ms syncs on the shared build VM when the journal paid two. 0.15 holds with margin wherever
                // a sync costs under ~10 ms; the gap widens linearly with larger stacks.
                new BenchmarkFigure("state.journal-vs-rewrite", journalPerStep / rewritePerStep, "x", "<=", 0.15, "x"),

                // A step waits for one durable append (its begin, before the provider call; its end is written but
                // not waited for, the next begin's sync covers it); no code can beat the disk's sync latency, measured
                // below on the same disk in the same run. The target keeps the older allowance of two syncs plus
                // 0.5 ms for our own cost (serialising ~1 KB, applying to the in-memory snapshot).
                new BenchmarkFigure("state.journal-per-step", journalPerStep, "ms", "<", Math.Round((2 * sync.TotalMilliseconds) + 0.5, 3), "ms"),
                new BenchmarkFigure("state.rewrite-per-step", rewritePerStep, "ms", ">", journalPerStep, "ms"),

                // With 8 steps in flight (the engine's parallelism), concurrent begins share a sync (group commit):
                // the amortised cost per step must fall below one sync, where one by one it needs two.
                new BenchmarkFigure("state.journal-per-step-parallel8", parallel.TotalMilliseconds / Steps, "ms", "<", Math.Round(sync.TotalMilliseconds, 3), "ms"),

                // PBKDF2-SHA256 at 600,000 iterations (OWASP 2023) is meant to be slow: a quarter of a second of CPU
                // on a laptop core; under a second of CPU keeps `stack export` interactive. Paid once per process per
                // stack salt; every later crypter for the same salt (stack export, each load) must reuse the key.
                new BenchmarkFigure("state.passphrase-derive-cpu", derive.TotalMilliseconds, "ms", "<", 1000, "ms"),
                new BenchmarkFigure("state.passphrase-derive-cached", cached.TotalMilliseconds, "ms", "<", 1, "ms"),

                // The floor: one 1 KB append on a write-through (O_SYNC) file. Above 20 ms the disk, not the code, is
                // what the figures above measure.
                new BenchmarkFigure("state.disk-sync", sync.TotalMilliseconds, "ms", "<", 20, "ms"),
            ];
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static async Task<TimeSpan> MeasureJournalAsync(
        string directory, ResourceState[] resources, SecretsKeySource keys, CancellationToken cancellationToken, int parallelism = 1)
    {
        var store = new FileStateStore("file://" + directory, directory, "bench", keys, TimeProvider.System);
        var owner = new LockOwner("bench", Environment.ProcessId, Environment.MachineName, "up", DateTimeOffset.UtcNow);
        await using var stackLock = await store.AcquireLockAsync("dev", owner, cancellationToken).ConfigureAwait(false);
        var journal = await store.BeginOperationAsync(stackLock, StackSnapshot.Empty, cancellationToken).ConfigureAwait(false);
        await using (journal.ConfigureAwait(false))
        {
            var watch = Stopwatch.StartNew();
            await Parallel.ForEachAsync(
                resources,
                new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
                async (resource, token) =>
                {
                    var operation = new PendingOperation(resource with { Id = null, Outputs = ObjectValue.Empty }, PendingOperationType.Creating);
                    await journal.BeginStepAsync(operation, token).ConfigureAwait(false);
                    await journal.SucceedStepAsync(operation, resource, token).ConfigureAwait(false);
                }).ConfigureAwait(false);
            watch.Stop();
            await journal.CompleteAsync(cancellationToken).ConfigureAwait(false);
            return watch.Elapsed;
        }
    }

    private static (TimeSpan Derive, TimeSpan Cached) MeasurePassphrase()
    {
        // Process CPU time, not wall time: the build VM's cores are shared, and PBKDF2 is pure CPU on this thread.
        var source = SecretsKeySource.FromPassphrase("benchmark-" + Guid.NewGuid().ToString("N"));
        var first = source.Open(null);
        var before = Environment.CpuUsage.TotalTime;
        first.EnsureKeyReady();
        var derive = Environment.CpuUsage.TotalTime - before;

        // Warm the check-value path once (JIT), then average fresh crypters for the same salt.
        source.Open(first.State).EnsureKeyReady();
        const int Opens = 100;
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < Opens; i++)
        {
            source.Open(first.State).EnsureKeyReady();
        }

        return (derive, watch.Elapsed / Opens);
    }

    private static TimeSpan MeasureSync(string directory)
    {
        Directory.CreateDirectory(directory);
        var line = new byte[1024];
        Array.Fill(line, (byte)'x');
        line[^1] = (byte)'\n';
        using var stream = new FileStream(Path.Combine(directory, "sync"), FileMode.Create, FileAccess.Write, FileShare.Read, 0, FileOptions.WriteThrough);
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < SyncSamples; i++)
        {
            stream.Write(line);
        }

        return watch.Elapsed / SyncSamples;
    }

    private static TimeSpan MeasureRewrite(string directory, ResourceState[] resources, SecretsKeySource keys, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var crypter = keys.Open(null);
        var path = Path.Combine(directory, "dev.json");
        var elapsed = TimeSpan.Zero;
        for (var step = RewriteSampleEvery / 2; step < resources.Length; step += RewriteSampleEvery)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var before = resources.AsSpan(0, step).ToArray();
            var begun = new StackSnapshot([.. before], [new PendingOperation(resources[step], PendingOperationType.Creating)], DateTimeOffset.UtcNow);
            var ended = new StackSnapshot([.. before, resources[step]], [], DateTimeOffset.UtcNow);
            var watch = Stopwatch.StartNew();
            Rewrite(path, begun, crypter);
            Rewrite(path, ended, crypter);
            elapsed += watch.Elapsed * RewriteSampleEvery;
        }

        return elapsed;
    }

    private static void Rewrite(string path, StackSnapshot snapshot, SecretsCrypter crypter)
    {
        var temp = path + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024))
        {
            CheckpointSerializer.WriteCheckpoint(stream, "organization/bench/dev", snapshot, crypter);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
    }

    private static ResourceState Resource(int i)
    {
        var name = $"bench-dev-vm-{i}";
        return new ResourceState
        {
            Urn = new Urn($"urn:pulumi:dev::bench::libvirt:index/domain:Domain::vm-{i}"),
            Custom = true,
            Type = new ResourceType("libvirt:index/domain:Domain"),
            Id = Guid.NewGuid().ToString(),
            Parent = new Urn("urn:pulumi:dev::bench::pulumi:pulumi:Stack::bench-dev"),
            Provider = "urn:pulumi:dev::bench::pulumi:providers:libvirt::default::0b7c1f0e-1111-4222-8333-444455556666",
            Inputs = ObjectValue.Empty
                .With("name", PropertyValue.Of(name))
                .With("vcpu", PropertyValue.Of(1))
                .With("memory", PropertyValue.Of(256))
                .With("running", PropertyValue.Of(true))
                .With("disks", new ArrayValue([ObjectValue.Empty.With("volumeId", PropertyValue.Of($"/var/lib/infra-gitops/pools/bench-dev/{name}-root"))]))
                .With("networkInterfaces", new ArrayValue([ObjectValue.Empty.With("networkName", PropertyValue.Of("bench-dev-lab-net")).With("waitForLease", PropertyValue.Of(true))])),
            Outputs = ObjectValue.Empty
                .With("name", PropertyValue.Of(name))
                .With("state", PropertyValue.Of("running"))
                .With("ipAddress", PropertyValue.Of($"10.10.{i / 250}.{(i % 250) + 2}")),
            Created = DateTimeOffset.UtcNow,
            Modified = DateTimeOffset.UtcNow,
        };
    }
}
