using Infra.GitOps.State;
using NUnit.Framework;

namespace Infra.GitOps.Tests.State;

/// <summary>The journal writers' threads: reused one after another, never shared by two writers at once.</summary>
[NonParallelizable]
public class WriterThreadsTests
{
    [Test]
    [CancelAfter(10_000)]
    public async Task Run_OneAfterAnother_ReusesAThreadOffThePool(CancellationToken cancellationToken)
    {
        // Another test's writer may end and become idle meanwhile: the second run may take that thread, but starts none.
        var firstOnPool = true;
        await WriterThreads.Run(() => firstOnPool = Thread.CurrentThread.IsThreadPoolThread).WaitAsync(cancellationToken);
        await WaitUntilIdleAsync(cancellationToken);
        var started = WriterThreads.Started;
        var secondIsBackground = false;
        await WriterThreads.Run(() => secondIsBackground = Thread.CurrentThread.IsBackground).WaitAsync(cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(WriterThreads.Started, Is.EqualTo(started));
            Assert.That(firstOnPool, Is.False);
            Assert.That(secondIsBackground, Is.True);
        });
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task Run_WhileAnotherRuns_GetsAThreadOfItsOwn(CancellationToken cancellationToken)
    {
        using var release = new ManualResetEventSlim();
        var first = 0;
        var running = WriterThreads.Run(() =>
        {
            first = Environment.CurrentManagedThreadId;
            release.Wait(cancellationToken);
        });
        var second = 0;
        await WriterThreads.Run(() => second = Environment.CurrentManagedThreadId).WaitAsync(cancellationToken);
        release.Set();
        await running.WaitAsync(cancellationToken);

        Assert.That(second, Is.Not.EqualTo(first));
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task Run_LoopThrows_FaultsItsTaskAndTheThreadServesTheNext(CancellationToken cancellationToken)
    {
        var failing = WriterThreads.Run(() => throw new IOException("disk gone"));
        var error = Assert.ThrowsAsync<IOException>(() => failing.WaitAsync(cancellationToken));
        await WaitUntilIdleAsync(cancellationToken);
        var ran = false;
        await WriterThreads.Run(() => ran = true).WaitAsync(cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(error!.Message, Is.EqualTo("disk gone"));
            Assert.That(ran, Is.True);
        });
    }

    // A thread goes back to the idle list just after its writer's task completes.
    private static async Task WaitUntilIdleAsync(CancellationToken cancellationToken)
    {
        while (WriterThreads.IdleCount == 0)
        {
            await Task.Delay(1, cancellationToken);
        }
    }
}
