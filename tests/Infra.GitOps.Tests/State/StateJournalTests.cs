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

    [Test]
    public void Replay_DeletedThenRecreatedAfterItsDependent_ComesOutBeforeTheDependent()
    {
        // Delete-before-replace of a resource that a recorded one depends on: the new copy is appended last.
        var network = StateSamples.Domain("net");
        var vm = StateSamples.Domain("vm", network.Urn);
        var deleted = new StepSucceeded(new StepKey(network.Urn, false, PendingOperationType.Deleting), null);

        var snapshot = StateJournal.Replay(StateSamples.Snapshot(network, vm), [deleted, Created(network with { Id = "uuid-net-2" })]);

        Assert.That(snapshot.Resources.Select(r => r.Urn.Name), Is.EqualTo(new[] { "net", "vm" }));
    }

    [Test]
    public void Replay_UpdateReferringToALaterResourceAnotherOneReferredTo_ComesOutAfterIt()
    {
        // The order tracking remembers the URN strings it found in place for appended resources; an update rewrites a
        // resource in its earlier place, and referring to the very same string there must still count as out of order.
        var network = StateSamples.Domain("net");
        var disk = StateSamples.Domain("disk");
        var vm = StateSamples.Domain("vm", disk.Urn);

        var snapshot = StateJournal.Replay(
            StackSnapshot.Empty,
            [
                Created(network),
                Created(disk),
                Created(vm),
                new StepSucceeded(new StepKey(network.Urn, false, PendingOperationType.Updating), network with { Dependencies = [disk.Urn] }),
            ]);

        var order = snapshot.Resources.Select(r => r.Urn.Name).ToList();
        Assert.That(order.IndexOf("disk"), Is.LessThan(order.IndexOf("net")), string.Join(", ", order));
    }

    [Test]
    public void Replay_RandomEntries_AlwaysComesOutInValidOrder([Range(1, 40)] int seed, [Values] bool sharedUrns)
    {
        // Random creates (referring to recorded or unknown resources), updates that add references, deletes,
        // re-creations and replacement copies: whatever the journal order, every resource comes after every copy of
        // what it refers to, and no resource is lost or duplicated. With shared URNs every reference to a resource is
        // the very same string, as in an engine's states (the order tracking remembers such strings).
        var random = new Random(seed);
        var names = Enumerable.Range(0, 30).Select(i => "r" + i).ToArray();
        var shared = names.Select(n => StateSamples.UrnOf(n)).ToArray();
        var live = new Dictionary<(string, bool), ResourceState>();
        var entries = new List<JournalEntry>();
        for (var step = 0; step < 120; step++)
        {
            // A resource refers only to resources of lower number: random, and never a cycle.
            var number = random.Next(names.Length);
            var name = names[number];
            var references = Enumerable.Range(0, number == 0 ? 0 : random.Next(0, 3)).Select(_ => random.Next(number) is var referred && sharedUrns ? shared[referred] : StateSamples.UrnOf(names[referred]))
                .Distinct().ToArray();
            var resource = StateSamples.Domain(name, references) with { Id = "id-" + step };
            var urn = resource.Urn;
            switch (random.Next(4))
            {
                case 0 when live.ContainsKey((name, false)):
                    entries.Add(new StepSucceeded(new StepKey(urn, false, PendingOperationType.Deleting), null));
                    live.Remove((name, false));
                    break;
                case 1 when live.TryGetValue((name, false), out var old) && !live.ContainsKey((name, true)):
                    entries.Add(new StepSucceeded(new StepKey(urn, false, PendingOperationType.Updating), old with { Delete = true }));
                    live.Remove((name, false));
                    live[(name, true)] = old with { Delete = true };
                    entries.Add(Created(resource));
                    live[(name, false)] = resource;
                    break;
                default:
                    entries.Add(live.ContainsKey((name, false)) ? new StepSucceeded(new StepKey(urn, false, PendingOperationType.Updating), resource) : Created(resource));
                    live[(name, false)] = resource;
                    break;
            }
        }

        var snapshot = StateJournal.Replay(StackSnapshot.Empty, entries);

        var position = new Dictionary<string, int>();
        var misplaced = new List<string>();
        for (var i = 0; i < snapshot.Resources.Length; i++)
        {
            position[snapshot.Resources[i].Urn.Value] = i;
        }

        for (var i = 0; i < snapshot.Resources.Length; i++)
        {
            misplaced.AddRange(snapshot.Resources[i].Dependencies
                .Where(d => d != snapshot.Resources[i].Urn && position.TryGetValue(d.Value, out var at) && at > i)
                .Select(d => $"{snapshot.Resources[i].Urn.Name} before {d.Name}"));
        }

        Assert.Multiple(() =>
        {
            Assert.That(misplaced, Is.Empty);
            Assert.That(snapshot.Resources.Select(r => (r.Urn.Name, r.Delete, r.Id)), Is.EquivalentTo(live.Values.Select(r => (r.Urn.Name, r.Delete, r.Id))));
        });
    }

    private static StepSucceeded Created(ResourceState resource) =>
        new(new StepKey(resource.Urn, false, PendingOperationType.Creating), resource);
}
