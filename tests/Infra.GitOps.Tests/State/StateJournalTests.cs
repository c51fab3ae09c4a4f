using Infra.GitOps.Model;
using Infra.GitOps.State;
using NUnit.Framework;

namespace Infra.GitOps.Tests.State;

public class StateJournalTests
{
    private static readonly ResourceState Web = StateSamples.Domain("web");

    [Test]
    public void Replay_BegunNotEnded_IsPendingOperation()
    {
        var operation = new PendingOperation(Web, PendingOperationType.Updating);

        var snapshot = StateJournal.Replay(StateSamples.Snapshot(Web), [new StepBegun(operation)]);

        Assert.Multiple(() =>
        {
            Assert.That(snapshot.PendingOperations, Is.EqualTo(new[] { operation }));
            Assert.That(snapshot.Resources, Is.EqualTo(new[] { Web }));
        });
    }

    [Test]
    public void Replay_Succeeded_ReplacesInPlaceAndClearsPending()
    {
        var operation = new PendingOperation(Web, PendingOperationType.Updating);
        var updated = Web with { Outputs = ObjectValue.Empty.With("state", PropertyValue.Of("running")) };
        var before = StateSamples.Domain("before");
        var after = StateSamples.Domain("after");

        var snapshot = StateJournal.Replay(
            StateSamples.Snapshot(before, Web, after),
            [new StepBegun(operation), new StepSucceeded(StepKey.Of(operation), updated)]);

        Assert.Multiple(() =>
        {
            Assert.That(snapshot.Resources, Is.EqualTo(new[] { before, updated, after }));
            Assert.That(snapshot.PendingOperations, Is.Empty);
        });
    }

    [Test]
    public void Replay_SucceededWithNull_RemovesResource()
    {
        var operation = new PendingOperation(Web, PendingOperationType.Deleting);

        var snapshot = StateJournal.Replay(StateSamples.Snapshot(Web), [new StepBegun(operation), new StepSucceeded(StepKey.Of(operation), null)]);

        Assert.That(snapshot.Resources, Is.Empty);
    }

    [Test]
    public void Replay_Failed_KeepsResourceAndClearsPending()
    {
        var operation = new PendingOperation(Web, PendingOperationType.Updating);

        var snapshot = StateJournal.Replay(StateSamples.Snapshot(Web), [new StepBegun(operation), new StepFailed(StepKey.Of(operation))]);

        Assert.Multiple(() =>
        {
            Assert.That(snapshot.Resources, Is.EqualTo(new[] { Web }));
            Assert.That(snapshot.PendingOperations, Is.Empty);
        });
    }

    [Test]
    public void Replay_CreateBeforeDeleteReplacement_KeepsBothCopiesThenDropsOld()
    {
        // Pulumi's replace: mark the old copy delete: true, create the new one, then delete the old copy.
        var old = Web;
        var replacement = Web with { Id = "uuid-web-2" };
        var markOld = new PendingOperation(old, PendingOperationType.Updating);
        var create = new PendingOperation(replacement with { Id = null }, PendingOperationType.Creating);
        var deleteOld = new PendingOperation(old with { Delete = true }, PendingOperationType.Deleting);

        var midway = StateJournal.Replay(
            StateSamples.Snapshot(old),
            [new StepSucceeded(StepKey.Of(markOld), old with { Delete = true }), new StepBegun(create), new StepSucceeded(StepKey.Of(create), replacement)]);
        var done = StateJournal.Replay(midway, [new StepBegun(deleteOld), new StepSucceeded(StepKey.Of(deleteOld), null)]);

        Assert.Multiple(() =>
        {
            Assert.That(midway.Resources.Select(r => (r.Id, r.Delete)), Is.EqualTo(new[] { ("uuid-web", true), ("uuid-web-2", false) }));
            Assert.That(done.Resources, Is.EqualTo(new[] { replacement }));
        });
    }

    [Test]
    public void Replay_BasePendingOperationEnded_IsCleared()
    {
        var crashed = new PendingOperation(Web with { Id = null }, PendingOperationType.Creating);
        var baseSnapshot = StateSamples.Snapshot() with { PendingOperations = [crashed] };

        var snapshot = StateJournal.Replay(baseSnapshot, [new StepFailed(StepKey.Of(crashed))]);

        Assert.That(snapshot.PendingOperations, Is.Empty);
    }

    [Test]
    public void Replay_NewResourcesOutOfOrder_ComesOutTopological()
    {
        var network = StateSamples.Domain("net");
        var vm = StateSamples.Domain("vm", network.Urn);
        var child = StateSamples.Domain("child") with { Parent = vm.Urn };

        var snapshot = StateJournal.Replay(
            StateSamples.Snapshot(StateSamples.Stack()),
            [Created(child), Created(vm), Created(StateSamples.Provider()), Created(network)]);

        Assert.That(snapshot.Resources.Select(r => r.Urn.Name), Is.EqualTo(new[] { "lab-dev", "default", "net", "vm", "child" }));
    }

    [Test]
    public void Replay_LongDependencyChainReversed_SortsWithoutStackOverflow()
    {
        var chain = StateSamples.Large(20_000).Resources.Reverse().Select(Created).ToList();

        var snapshot = StateJournal.Replay(StackSnapshot.Empty, chain);

        Assert.That(snapshot.Resources.Skip(2).Select(r => r.Urn.Name).Take(3), Is.EqualTo(new[] { "vm-0", "vm-1", "vm-2" }));
    }

    private static StepSucceeded Created(ResourceState resource) =>
        new(new StepKey(resource.Urn, false, PendingOperationType.Creating), resource);
}
