using Infra.GitOps.Engine;
using Infra.GitOps.Engine.Execution;
using Infra.GitOps.Engine.Planning;
using Infra.GitOps.LifecycleTests.Support;
using Infra.GitOps.State;
using Infra.GitOps.Testing;
using static Infra.GitOps.LifecycleTests.Support.Values;

namespace Infra.GitOps.LifecycleTests;

/// <summary>Which ready step starts first, and how many run at once, also while steps wait for their journal record.</summary>
public class SchedulingTests
{
    [Test]
    [CancelAfter(10_000)]
    public async Task UpAsync_ParallelismOne_StartsTheLongestRemainingPathFirst()
    {
        var lifecycle = new Lifecycle { Options = StackOperationOptions.Default with { Apply = ApplyOptions.Default with { Parallelism = 1 } } };
        var graph = new GraphBuilder();
        graph.Add("single", Obj(("n", Num(1))));
        graph.Add("a", Obj(("n", Num(1))));
        graph.Add("b", Obj(("a", Ref(graph["a"], "id"))));
        graph.Add("c", Obj(("b", Ref(graph["b"], "id"))));

        var result = await lifecycle.UpAsync(graph.Build());

        // a heads a chain of three, so it goes before single although single comes first in the plan; once b is
        // done, c and single both have one step left, and plan order breaks the tie.
        Assert.Multiple(() =>
        {
            Assert.That(result.Succeeded, Is.True);
            Assert.That(lifecycle.Provider.CallsOf(FakeOperation.Create).Select(c => c.Urn.Name), Is.EqualTo(new[] { "a", "b", "single", "c" }));
        });
    }

    [Test]
    [Category("Integration")]
    [CancelAfter(60_000)]
    public async Task UpAsync_FileJournal_NeverMoreProviderCallsThanParallelismWhileStepsWaitForTheDisk(CancellationToken cancellationToken)
    {
        const int Parallelism = 3;
        var directory = Path.Combine(Path.GetTempPath(), "infra-gitops-scheduling-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var running = 0;
            var most = 0;
            var provider = new FakeProvider("fake")
            {
                DefaultBehavior = FakeResourceBehavior.Default with
                {
                    Interceptor = async (_, token) =>
                    {
                        var now = Interlocked.Increment(ref running);
                        InterlockedMax(ref most, now);
                        await Task.Delay(2, token);
                        Interlocked.Decrement(ref running);
                    },
                },
            };
            var graph = new GraphBuilder();
            for (var i = 0; i < 40; i++)
            {
                graph.Add($"r{i}", i < 10 ? Obj(("n", Num(i))) : Obj(("below", Ref(graph[$"r{i - 10}"], "id"))));
            }

            var store = new FileStateStore("file://" + directory, directory, "proj", null, TimeProvider.System);
            var options = StackOperationOptions.Default with { Apply = ApplyOptions.Default with { Parallelism = Parallelism } };
            var owner = new LockOwner("test", Environment.ProcessId, "localhost", "up", DateTimeOffset.UnixEpoch);

            var result = await new StackOperations(TimeProvider.System).UpAsync(graph.Build(), store, new ProviderRegistry(provider), owner, options, cancellationToken);
            var reloaded = await store.LoadAsync("dev", cancellationToken);

            Assert.Multiple(() =>
            {
                Assert.That(result.Succeeded, Is.True);
                Assert.That(most, Is.InRange(1, Parallelism));
                Assert.That(reloaded!.Resources.Count(r => r.Custom), Is.EqualTo(40));
                Assert.That(reloaded.PendingOperations, Is.Empty);
            });
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task UpAsync_CallsEndingOnManyThreads_StepsStartOnOneThreadAtATimeWhileCallsOverlap()
    {
        // The calls' waits end on thread-pool threads at once; each ending step makes others ready. One thread starts
        // them (the synchronous part of each call, up to its first wait, never runs on two threads at once), while
        // the calls' waits overlap up to the parallelism.
        const int Parallelism = 8;
        var starting = 0;
        var mostStarting = 0;
        var waiting = 0;
        var mostWaiting = 0;
        var lifecycle = new Lifecycle { Options = StackOperationOptions.Default with { Apply = ApplyOptions.Default with { Parallelism = Parallelism } } };
        lifecycle.Provider.DefaultBehavior = FakeResourceBehavior.Default with
        {
            Interceptor = async (_, token) =>
            {
                InterlockedMax(ref mostStarting, Interlocked.Increment(ref starting));
                Thread.SpinWait(20_000);
                Interlocked.Decrement(ref starting);
                InterlockedMax(ref mostWaiting, Interlocked.Increment(ref waiting));
                await Task.Delay(1, token);
                Interlocked.Decrement(ref waiting);
            },
        };
        var graph = new GraphBuilder();
        for (var i = 0; i < 160; i++)
        {
            graph.Add($"r{i}", i < 40 ? Obj(("n", Num(i))) : Obj(("below", Ref(graph[$"r{i - 40}"], "id"))));
        }

        var result = await lifecycle.UpAsync(graph.Build());

        Assert.Multiple(() =>
        {
            Assert.That(result.Succeeded, Is.True);
            Assert.That(lifecycle.Provider.CallsOf(FakeOperation.Create), Has.Count.EqualTo(160));
            Assert.That(mostStarting, Is.EqualTo(1));
            Assert.That(mostWaiting, Is.InRange(2, Parallelism));
        });
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task UpAsync_Observer_SeesEachStartBeforeItsEndAndSkippedStepsOnlyEnd()
    {
        var lifecycle = new Lifecycle();
        lifecycle.Provider.Configure("fake:index:Broken", FakeResourceBehavior.Default with { Failures = [new FakeFailure(FakeOperation.Create, 1, Transient: false)] });
        var observer = new RecordingObserver();
        lifecycle.Options = StackOperationOptions.Default with { Apply = ApplyOptions.Default with { Observer = observer } };
        var graph = new GraphBuilder();
        graph.Add("a", Obj(("n", Num(1))), type: "fake:index:Broken");
        graph.Add("b", Obj(("a", Ref(graph["a"], "id"))));
        graph.Add("independent", Obj(("n", Num(1))));

        var result = await lifecycle.UpAsync(graph.Build());

        var events = observer.Events.ToList();
        Assert.Multiple(() =>
        {
            Assert.That(result.Succeeded, Is.False);
            Assert.That(events.IndexOf("start a"), Is.LessThan(events.IndexOf("end a StepFailed")));
            Assert.That(events.IndexOf("start independent"), Is.LessThan(events.IndexOf("end independent StepSucceeded")));
            Assert.That(events, Does.Contain("end b StepSkipped").And.Not.Contain("start b"));
            Assert.That(events, Has.Count.EqualTo((2 * result.Apply!.Results.Length) - 1));
        });
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current && Interlocked.CompareExchange(ref target, value, current) is var seen && seen != current)
        {
            current = seen;
        }
    }

    private sealed class RecordingObserver : IApplyObserver
    {
        public System.Collections.Concurrent.ConcurrentQueue<string> Events { get; } = new();

        public void StepStarted(PlannedStep step) => Events.Enqueue($"start {step.Urn.Name}");

        public void StepFinished(StepResult result, TimeSpan elapsed) => Events.Enqueue($"end {result.Step.Urn.Name} {result.GetType().Name}");
    }
}
