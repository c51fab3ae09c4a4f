using Infra.GitOps.Engine;
using Infra.GitOps.Engine.Execution;
using Infra.GitOps.LifecycleTests.Support;
using Infra.GitOps.Testing;
using static Infra.GitOps.LifecycleTests.Support.Values;

namespace Infra.GitOps.LifecycleTests;

public class CancellationTests
{
    [Test]
    [CancelAfter(20_000)]
    public async Task UpAsync_CancelledWithStepsInFlight_InFlightFinishAndArePersisted()
    {
        var lifecycle = new Lifecycle();
        var inFlight = new CountdownEvent(2);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tokensCancelled = new List<bool>();
        lifecycle.Provider.Configure("fake:index:Slow", FakeResourceBehavior.Default with
        {
            Interceptor = async (call, token) =>
            {
                inFlight.Signal();
                await release.Task;
                lock (tokensCancelled)
                {
                    tokensCancelled.Add(token.IsCancellationRequested);
                }
            },
        });
        var graph = new GraphBuilder();
        graph.Add("a", Obj(("n", Num(1))), type: "fake:index:Slow");
        graph.Add("b", Obj(("n", Num(2))), type: "fake:index:Slow");
        graph.Add("after-a", Obj(("a", Ref(graph["a"], "id"))));
        using var cancellation = new CancellationTokenSource();

        var up = lifecycle.UpAsync(graph.Build(), cancellation.Token);
        await Task.Run(() => inFlight.Wait(TimeSpan.FromSeconds(10)));
        await cancellation.CancelAsync();
        release.SetResult();
        var result = await up;

        Assert.Multiple(() =>
        {
            Assert.That(result.Apply!.Cancelled, Is.True);
            Assert.That(tokensCancelled, Is.EqualTo(new[] { false, false }), "in-flight calls get a token that is not the cancelled one");
            Assert.That(result.Snapshot.Resources.Select(r => r.Urn.Name), Is.EquivalentTo(new[] { "proj-dev", "a", "b" }));
            Assert.That(result.Apply.Results.Single(r => r.Step.Urn == graph["after-a"]), Is.InstanceOf<StepSkipped>());
            Assert.That(lifecycle.Provider.CallsOf(FakeOperation.Create).Select(c => c.Urn.Name), Does.Not.Contain("after-a"));
        });
        var persisted = await lifecycle.StateAsync();
        Assert.That(persisted.Resources.Select(r => r.Urn.Name), Is.EquivalentTo(new[] { "proj-dev", "a", "b" }));
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task UpAsync_InFlightStepOutlivesGrace_LeftPendingAndSettledByNextRun()
    {
        var lifecycle = new Lifecycle();
        var inFlight = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var hold = true;
        lifecycle.Provider.Configure("fake:index:Slow", FakeResourceBehavior.Default with
        {
            Interceptor = async (call, token) =>
            {
                if (hold)
                {
                    inFlight.TrySetResult();
                    await Task.Delay(Timeout.Infinite, token);
                }
            },
        });
        lifecycle.Options = StackOperationOptions.Default with { Apply = ApplyOptions.Default with { CancellationGrace = TimeSpan.FromSeconds(30) } };
        var graph = new GraphBuilder().Add("a", Obj(("n", Num(1))), type: "fake:index:Slow").Build();
        using var cancellation = new CancellationTokenSource();

        var up = lifecycle.UpAsync(graph, cancellation.Token);
        await inFlight.Task;
        await cancellation.CancelAsync();
        lifecycle.Time.Advance(TimeSpan.FromSeconds(31));
        var result = await up;
        hold = false;
        var pendingAfterCrash = result.Snapshot.PendingOperations;
        var second = await lifecycle.UpAsync(graph);

        Assert.Multiple(() =>
        {
            Assert.That(result.Apply!.Results.Single(r => r.Step.Urn.Name == "a"), Is.InstanceOf<StepFailed>());
            Assert.That(pendingAfterCrash.Select(p => p.Resource.Urn.Name), Is.EqualTo(new[] { "a" }), "outcome unknown: left pending");
            Assert.That(second.Succeeded, Is.True);
            Assert.That(second.Snapshot.PendingOperations, Is.Empty);
        });
        Assert.That(await lifecycle.CloudUrnsAsync(), Is.EqualTo(new[] { GraphBuilder.UrnOf("a", "fake:index:Slow").Value }));
    }
}
