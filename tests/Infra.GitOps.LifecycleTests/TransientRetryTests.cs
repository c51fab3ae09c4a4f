using Infra.GitOps.Engine;
using Infra.GitOps.Engine.Execution;
using Infra.GitOps.LifecycleTests.Support;
using Infra.GitOps.Testing;
using static Infra.GitOps.LifecycleTests.Support.Values;

namespace Infra.GitOps.LifecycleTests;

public class TransientRetryTests
{
    [Test]
    [CancelAfter(20_000)]
    public async Task UpAsync_TransientFailuresBelowLimit_RetriedWithBackoffAndSucceeds()
    {
        var lifecycle = new Lifecycle();
        lifecycle.Provider.DefaultBehavior = FakeResourceBehavior.Default with { Failures = [new FakeFailure(FakeOperation.Create, 1, Transient: true, Times: 2)] };
        lifecycle.Options = StackOperationOptions.Default with { Apply = ApplyOptions.Default with { RetryBaseDelay = TimeSpan.FromSeconds(10), MaxAttempts = 5 } };
        var started = lifecycle.Time.GetUtcNow();

        var result = await Clock.RunAsync(lifecycle.Clock, lifecycle.UpAsync(new GraphBuilder().Add("vm", Obj(("n", Num(1)))).Build()));

        var creates = lifecycle.Provider.CallsOf(FakeOperation.Create);
        var step = result.Apply!.Results.OfType<StepSucceeded>().Single(r => r.Step.Urn == GraphBuilder.UrnOf("vm"));
        Assert.Multiple(() =>
        {
            Assert.That(result.Succeeded, Is.True);
            Assert.That(step.Attempts, Is.EqualTo(3));
            Assert.That(creates, Has.Count.EqualTo(3));

            // Backoff: first wait 5-10 s, second 10-20 s (jitter 50-100 %).
            Assert.That(creates[1].At - creates[0].At, Is.InRange(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10)));
            Assert.That(creates[2].At - creates[1].At, Is.InRange(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20)));
            Assert.That(creates[0].At, Is.EqualTo(started));
        });
        Assert.That(await lifecycle.CloudUrnsAsync(), Has.Count.EqualTo(1));
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task UpAsync_TransientFailuresBeyondLimit_FailsAfterMaxAttempts()
    {
        var lifecycle = new Lifecycle();
        lifecycle.Provider.DefaultBehavior = FakeResourceBehavior.Default with { Failures = [new FakeFailure(FakeOperation.Create, 1, Transient: true, Times: 100)] };
        lifecycle.Options = StackOperationOptions.Default with { Apply = ApplyOptions.Default with { RetryBaseDelay = TimeSpan.FromSeconds(1), MaxAttempts = 3 } };

        var result = await Clock.RunAsync(lifecycle.Clock, lifecycle.UpAsync(new GraphBuilder().Add("vm", Obj(("n", Num(1)))).Build()));

        var failed = result.Apply!.Results.OfType<StepFailed>().Single();
        Assert.Multiple(() =>
        {
            Assert.That(failed.Attempts, Is.EqualTo(3));
            Assert.That(lifecycle.Provider.CallsOf(FakeOperation.Create), Has.Count.EqualTo(3));
            Assert.That(result.Snapshot.PendingOperations, Is.Empty);
        });
    }
}
