using Infra.GitOps.Reconciler.Hosting;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;

namespace Infra.GitOps.Reconciler.Tests.Hosting;

public class ReconcileSignalTests
{
    [Test]
    [CancelAfter(10000)]
    public async Task WaitAsync_RequestedBefore_ReturnsTrueAtOnce(CancellationToken cancellationToken)
    {
        var signal = new ReconcileSignal();
        signal.Request();
        signal.Request();

        var first = await signal.WaitAsync(TimeSpan.FromHours(1), new FakeTimeProvider(), cancellationToken);
        var waiting = signal.WaitAsync(TimeSpan.FromHours(1), new FakeTimeProvider(), cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(first, Is.True);
            Assert.That(waiting.IsCompleted, Is.False, "two requests coalesce into one pass");
            Assert.That(signal.Requests, Is.EqualTo(2));
        });
        signal.Request();
        Assert.That(await waiting, Is.True);
    }

    [Test]
    [CancelAfter(10000)]
    public async Task WaitAsync_IntervalPasses_ReturnsFalse(CancellationToken cancellationToken)
    {
        var time = new FakeTimeProvider();
        var signal = new ReconcileSignal();

        var waiting = signal.WaitAsync(TimeSpan.FromSeconds(60), time, cancellationToken);
        time.Advance(TimeSpan.FromSeconds(59));
        var early = waiting.IsCompleted;
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.Multiple(async () =>
        {
            Assert.That(early, Is.False);
            Assert.That(await waiting, Is.False);
        });
    }

    [TestCase(0.0, 50)]
    [TestCase(0.5, 60)]
    [TestCase(1.0, 70)]
    public void NextInterval_Sample_IsIntervalPlusOrMinusJitter(double sample, int expectedSeconds)
    {
        Assert.That(
            ReconcilerService.NextInterval(TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(10), sample),
            Is.EqualTo(TimeSpan.FromSeconds(expectedSeconds)));
    }
}
