using Infra.GitOps.LifecycleTests.Support;
using Infra.GitOps.Model;
using Infra.GitOps.Providers;
using Infra.GitOps.State;
using Infra.GitOps.Testing;
using static Infra.GitOps.LifecycleTests.Support.Values;

namespace Infra.GitOps.LifecycleTests;

public class CrashRecoveryTests
{
    [Test]
    [CancelAfter(10_000)]
    public async Task UpAsync_BegunCreateWhoseResourceExists_AdoptedNotDuplicated()
    {
        var lifecycle = new Lifecycle();
        var graph = new GraphBuilder().Add("vm", Obj(("n", Num(1)))).Build();
        var vm = graph.Resources.Single(r => r.Urn.Name == "vm");
        var created = await SimulateCrashDuringCreateAsync(lifecycle, vm.Urn, vm.Inputs, createInCloud: true);
        lifecycle.Provider.ClearCalls();

        var loaded = await lifecycle.StateAsync();
        var result = await lifecycle.UpAsync(graph);

        Assert.Multiple(() =>
        {
            Assert.That(loaded.PendingOperations.Select(p => (p.Resource.Urn, p.Type)), Is.EqualTo(new[] { (vm.Urn, PendingOperationType.Creating) }));
            Assert.That(lifecycle.Provider.CallsOf(FakeOperation.Create), Is.Empty);
            Assert.That(lifecycle.Provider.CallsOf(FakeOperation.Read).Single().Id, Is.Null, "found by its URN tag");
            Assert.That(result.Snapshot.Resources.Single(r => r.Urn == vm.Urn).Id, Is.EqualTo(created));
            Assert.That(result.Snapshot.PendingOperations, Is.Empty);
        });
        Assert.That(await lifecycle.CloudUrnsAsync(), Is.EqualTo(new[] { vm.Urn.Value }));
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task UpAsync_BegunCreateThatNeverHappened_CreatedOnce()
    {
        var lifecycle = new Lifecycle();
        var graph = new GraphBuilder().Add("vm", Obj(("n", Num(1)))).Build();
        var vm = graph.Resources.Single(r => r.Urn.Name == "vm");
        await SimulateCrashDuringCreateAsync(lifecycle, vm.Urn, vm.Inputs, createInCloud: false);

        var result = await lifecycle.UpAsync(graph);

        Assert.Multiple(() =>
        {
            Assert.That(lifecycle.Provider.CallsOf(FakeOperation.Create), Has.Count.EqualTo(1));
            Assert.That(result.Snapshot.Resources.Select(r => r.Urn), Does.Contain(vm.Urn));
        });
        Assert.That(await lifecycle.CloudUrnsAsync(), Is.EqualTo(new[] { vm.Urn.Value }));
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task UpAsync_BegunDeleteWhoseResourceIsGone_RemovedFromState()
    {
        var lifecycle = new Lifecycle();
        await lifecycle.UpAsync(new GraphBuilder().Add("vm", Obj(("n", Num(1)))).Build());
        var state = await lifecycle.StateAsync();
        var vm = state.Resources.Single(r => r.Urn.Name == "vm");
        await using (var stackLock = await lifecycle.Store.AcquireLockAsync("dev", Lifecycle.Owner, CancellationToken.None))
        {
            var journal = await lifecycle.Store.BeginOperationAsync(stackLock, state, CancellationToken.None);
            await journal.BeginStepAsync(new PendingOperation(vm, PendingOperationType.Deleting), CancellationToken.None);
            await lifecycle.Cloud.RemoveAsync(vm.Id!, CancellationToken.None);
            await journal.DisposeAsync();
        }

        lifecycle.Provider.ClearCalls();
        var result = await lifecycle.UpAsync(new GraphBuilder().Build());

        Assert.Multiple(() =>
        {
            Assert.That(lifecycle.Provider.CallsOf(FakeOperation.Delete), Is.Empty, "already gone: nothing left to delete");
            Assert.That(result.Snapshot.Resources.Select(r => r.Urn.Name), Is.EqualTo(new[] { "proj-dev" }));
        });
    }

    private static async Task<string?> SimulateCrashDuringCreateAsync(Lifecycle lifecycle, Urn urn, ObjectValue inputs, bool createInCloud)
    {
        var state = await lifecycle.StateAsync();
        await using var stackLock = await lifecycle.Store.AcquireLockAsync("dev", Lifecycle.Owner, CancellationToken.None);
        var journal = await lifecycle.Store.BeginOperationAsync(stackLock, state, CancellationToken.None);
        var resource = new ResourceState { Urn = urn, Custom = true, Type = urn.Type, Inputs = inputs, Parent = new GraphBuilder().Root };
        await journal.BeginStepAsync(new PendingOperation(resource, PendingOperationType.Creating), CancellationToken.None);
        string? id = null;
        if (createInCloud)
        {
            id = (await lifecycle.Provider.CreateAsync(new CreateRequest(urn, urn.Type, inputs, TimeSpan.FromMinutes(1)), CancellationToken.None)).Id;
        }

        // The process dies here: the journal is left without an end for the create.
        await journal.DisposeAsync();
        return id;
    }
}
