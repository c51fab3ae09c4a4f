using Infra.GitOps.Model;
using Infra.GitOps.State;
using Infra.GitOps.Testing.State;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;

namespace Infra.GitOps.Tests.State;

public class InMemoryStateStoreTests
{
    private static readonly LockOwner Alice = new("alice", 4242, "host-a", "up", new DateTimeOffset(2026, 11, 26, 6, 0, 0, TimeSpan.Zero));

    [Test]
    [CancelAfter(5_000)]
    public async Task AcquireLockAsync_Held_ThrowsSameMessageAsFileStore(CancellationToken cancellationToken)
    {
        var store = new InMemoryStateStore();
        await using var held = await store.AcquireLockAsync("dev", Alice, cancellationToken);

        var error = Assert.ThrowsAsync<LockConflictException>(() => store.AcquireLockAsync("dev", Alice with { Owner = "bob" }, cancellationToken));

        Assert.That(error!.Message, Is.EqualTo(
            "stack 'dev' is locked by alice (pid 4242 on host-a, up since 2026-11-26T06:00:00Z); if that process is gone, run `infra-gitops stack unlock --stack dev`"));
    }

    [Test]
    [CancelAfter(5_000)]
    public async Task BreakLockAsync_Held_LetsAnotherTakeItAndStaleHolderFails(CancellationToken cancellationToken)
    {
        var store = new InMemoryStateStore();
        var stale = await store.AcquireLockAsync("dev", Alice, cancellationToken);

        var broken = await store.BreakLockAsync("dev", cancellationToken);
        await using var fresh = await store.AcquireLockAsync("dev", Alice with { Owner = "bob" }, cancellationToken);
        var error = Assert.ThrowsAsync<GitOpsException>(() => store.SaveAsync(stale, StackSnapshot.Empty, cancellationToken));
        await stale.DisposeAsync();

        Assert.Multiple(() =>
        {
            Assert.That(broken, Is.True);
            Assert.That(error!.Message, Does.Contain("no longer held"));
            Assert.That(store.GetLockHolder("dev")!.Owner, Is.EqualTo("bob"));
        });
    }

    [Test]
    [CancelAfter(5_000)]
    public async Task LoadAsync_AfterSimulatedCrash_ReplaysJournal(CancellationToken cancellationToken)
    {
        var store = new InMemoryStateStore(new FakeTimeProvider(StateSamples.Now));
        store.Seed("dev", StateSamples.Snapshot(StateSamples.Stack()));
        var stackLock = await store.AcquireLockAsync("dev", Alice, cancellationToken);
        var journal = await store.BeginOperationAsync(stackLock, (await store.LoadAsync("dev", cancellationToken))!, cancellationToken);
        var done = new PendingOperation(StateSamples.Domain("done"), PendingOperationType.Creating);
        var halfway = new PendingOperation(StateSamples.Domain("halfway"), PendingOperationType.Creating);
        await journal.BeginStepAsync(done, cancellationToken);
        await journal.SucceedStepAsync(done, done.Resource, cancellationToken);
        await journal.BeginStepAsync(halfway, cancellationToken);
        await journal.DisposeAsync();
        await stackLock.DisposeAsync();

        var loaded = await store.LoadAsync("dev", cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(loaded!.Resources.Select(r => r.Urn.Name), Is.EqualTo(new[] { "lab-dev", "done" }));
            Assert.That(loaded.PendingOperations, Is.EqualTo(new[] { halfway }));
            Assert.That(store.GetJournal("dev"), Has.Length.EqualTo(3));
            Assert.That(store.GetCheckpoint("dev")!.Resources, Has.Length.EqualTo(1));
        });
    }

    [Test]
    [CancelAfter(5_000)]
    public async Task CompleteAsync_Steps_CommitsCheckpointClearsJournalAndKeepsHistory(CancellationToken cancellationToken)
    {
        var time = new FakeTimeProvider(StateSamples.Now);
        var store = new InMemoryStateStore(time) { HistoryLimit = 2 };
        for (var i = 0; i < 3; i++)
        {
            await using var stackLock = await store.AcquireLockAsync("dev", Alice, cancellationToken);
            var journal = await store.BeginOperationAsync(stackLock, await store.LoadAsync("dev", cancellationToken) ?? StackSnapshot.Empty, cancellationToken);
            var create = new PendingOperation(StateSamples.Domain("vm-" + i), PendingOperationType.Creating);
            await journal.BeginStepAsync(create, cancellationToken);
            await journal.SucceedStepAsync(create, create.Resource, cancellationToken);
            time.Advance(TimeSpan.FromMinutes(1));
            await journal.CompleteAsync(cancellationToken);
        }

        var history = store.GetHistory("dev");

        Assert.Multiple(() =>
        {
            Assert.That(store.GetJournal("dev"), Is.Empty);
            Assert.That(store.GetCheckpoint("dev")!.Resources, Has.Length.EqualTo(3));
            Assert.That(history.Select(h => h.Time), Is.EqualTo(new[] { StateSamples.Now.AddMinutes(3), StateSamples.Now.AddMinutes(2) }));
        });
    }

    [Test]
    [CancelAfter(5_000)]
    public async Task ListStacksAsync_SeededStacks_Sorted(CancellationToken cancellationToken)
    {
        var store = new InMemoryStateStore();
        store.Seed("prod", StackSnapshot.Empty);
        store.Seed("dev", StackSnapshot.Empty);

        Assert.That(await store.ListStacksAsync(cancellationToken), Is.EqualTo(new[] { "dev", "prod" }));
    }

    [Test]
    [CancelAfter(5_000)]
    public async Task SucceedStepAsync_AfterComplete_Throws(CancellationToken cancellationToken)
    {
        var store = new InMemoryStateStore();
        await using var stackLock = await store.AcquireLockAsync("dev", Alice, cancellationToken);
        var journal = await store.BeginOperationAsync(stackLock, StackSnapshot.Empty, cancellationToken);
        await journal.CompleteAsync(cancellationToken);
        var operation = new PendingOperation(StateSamples.Domain("late"), PendingOperationType.Creating);

        Assert.ThrowsAsync<ObjectDisposedException>(() => journal.SucceedStepAsync(operation, operation.Resource, cancellationToken));
    }
}
