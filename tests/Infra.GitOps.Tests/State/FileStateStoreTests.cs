using System.Text;
using Infra.GitOps.Model;
using Infra.GitOps.Secrets;
using Infra.GitOps.State;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;

namespace Infra.GitOps.Tests.State;

[Category("Integration")]
public class FileStateStoreTests
{
    private static readonly LockOwner Alice = new("alice", 4242, "host-a", "up", new DateTimeOffset(2026, 11, 26, 6, 0, 0, TimeSpan.Zero));

    private string root = string.Empty;
    private FakeTimeProvider time = null!;

    private string StacksDirectory => Path.Combine(root, ".infra", "state", ".pulumi", "stacks", "lab");

    private string CheckpointPath => Path.Combine(StacksDirectory, "dev.json");

    private string JournalPath => Path.Combine(StacksDirectory, "dev.journal");

    [SetUp]
    public void SetUp()
    {
        root = Path.Combine(Path.GetTempPath(), "infra-gitops-state-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        time = new FakeTimeProvider(StateSamples.Now);
    }

    [TearDown]
    public void TearDown()
    {
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task LoadAsync_NewStack_ReturnsNull(CancellationToken cancellationToken)
    {
        var store = CreateStore();

        Assert.That(await store.LoadAsync("dev", cancellationToken), Is.Null);
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task SaveAsync_ThenLoad_RoundTripsInPulumiLayout(CancellationToken cancellationToken)
    {
        var store = CreateStore();
        var snapshot = StateSamples.Snapshot(StateSamples.Stack(), StateSamples.Provider(), StateSamples.Full());

        await using (var stackLock = await store.AcquireLockAsync("dev", Alice, cancellationToken))
        {
            await store.SaveAsync(stackLock, snapshot, cancellationToken);
        }

        var loaded = await CreateStore().LoadAsync("dev", cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(File.Exists(CheckpointPath), Is.True);
            Assert.That(StateShape.Of(loaded!.Resources), Is.EqualTo(StateShape.Of(snapshot.Resources)));
            Assert.That(File.Exists(Path.Combine(StacksDirectory, "dev.lock")), Is.False);
        });
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task LoadAsync_LeftoverTempFile_IsIgnored(CancellationToken cancellationToken)
    {
        var store = CreateStore();
        await SaveAsync(store, StateSamples.Snapshot(StateSamples.Stack()), cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(StacksDirectory, ".dev.json.0123456789abcdef.tmp"), "{\"version\":3,\"checkp", cancellationToken);

        var loaded = await CreateStore().LoadAsync("dev", cancellationToken);
        var stacks = await store.ListStacksAsync(cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(loaded!.Resources.Single().Urn, Is.EqualTo(StateSamples.StackUrn));
            Assert.That(stacks, Is.EqualTo(new[] { "dev" }));
        });
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task SaveAsync_Always_LeavesNoTempFile(CancellationToken cancellationToken)
    {
        await SaveAsync(CreateStore(), StateSamples.Snapshot(StateSamples.Stack()), cancellationToken);

        Assert.That(Directory.GetFiles(StacksDirectory).Select(Path.GetFileName), Is.EqualTo(new[] { "dev.json" }));
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task CompleteAsync_AfterSteps_WritesCheckpointAndRemovesJournal(CancellationToken cancellationToken)
    {
        var store = CreateStore();
        var vm = StateSamples.Domain("web");
        await using var stackLock = await store.AcquireLockAsync("dev", Alice, cancellationToken);
        var journal = await store.BeginOperationAsync(stackLock, StackSnapshot.Empty, cancellationToken);
        await StateSamples.RecordCreateAsync(journal, StateSamples.Stack(), cancellationToken);
        await StateSamples.RecordCreateAsync(journal, vm, cancellationToken);
        time.Advance(TimeSpan.FromMinutes(1));

        var completed = await journal.CompleteAsync(cancellationToken);
        var loaded = await CreateStore().LoadAsync("dev", cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(File.Exists(JournalPath), Is.False);
            Assert.That(completed.Time, Is.EqualTo(StateSamples.Now.AddMinutes(1)));
            Assert.That(loaded!.Resources.Select(r => r.Urn), Is.EqualTo(new[] { StateSamples.StackUrn, vm.Urn }));
            Assert.That(loaded.PendingOperations, Is.Empty);
            Assert.That(loaded.Time, Is.EqualTo(StateSamples.Now.AddMinutes(1)));
        });
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task CompleteAsync_JournaledResources_CheckpointHasOneCompactLinePerResourceAndRoundTrips(CancellationToken cancellationToken)
    {
        // The checkpoint copies the JSON the journal wrote for each new state (secrets already encrypted in it).
        var store = CreateStore();
        await using var stackLock = await store.AcquireLockAsync("dev", Alice, cancellationToken);
        var journal = await store.BeginOperationAsync(stackLock, StackSnapshot.Empty, cancellationToken);
        ResourceState[] resources = [StateSamples.Stack(), StateSamples.Full(), StateSamples.Domain("web")];
        foreach (var resource in resources)
        {
            await StateSamples.RecordCreateAsync(journal, resource, cancellationToken);
        }

        var completed = await journal.CompleteAsync(cancellationToken);
        var text = await File.ReadAllTextAsync(CheckpointPath, cancellationToken);
        var lines = text.Split('\n').Where(l => l.TrimStart().StartsWith("{\"urn\":", StringComparison.Ordinal)).ToArray();
        var loaded = await CreateStore().LoadAsync("dev", cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(
                lines.Select(l => System.Text.Json.JsonDocument.Parse(l.TrimEnd(',')).RootElement.GetProperty("urn").GetString()),
                Is.EqualTo(resources.Select(r => r.Urn.Value)));
            Assert.That(text, Does.Not.Contain(StateSamples.Canary));
            Assert.That(StateShape.Of(loaded!.Resources), Is.EqualTo(StateShape.Of(completed.Resources)));
            Assert.That(loaded.Resources[1].Inputs["password"], Is.EqualTo(new SecretValue(PropertyValue.Of(StateSamples.Canary))));
        });
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task SucceedStepAsync_NotWaitedFor_ReachesTheJournalFileWithinMoments(CancellationToken cancellationToken)
    {
        // Ends of steps are written by the journal's writer within its linger time, without anyone asking for them,
        // so that a process killed later loses none of them.
        var store = CreateStore();
        await using var stackLock = await store.AcquireLockAsync("dev", Alice, cancellationToken);
        await using var journal = await store.BeginOperationAsync(stackLock, StackSnapshot.Empty, cancellationToken);
        await StateSamples.RecordCreateAsync(journal, StateSamples.Stack(), cancellationToken);

        string[] lines;
        do
        {
            await Task.Delay(5, cancellationToken);
            using var reader = new FileStream(JournalPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            lines = (await new StreamReader(reader).ReadToEndAsync(cancellationToken)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        }
        while (lines.Length < 2);

        Assert.That(lines[1], Does.StartWith("{\"kind\":\"succeed\""));
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task BeginOperationAsync_LeftoverRetiredJournal_IsNeverReplayedAndIsDeleted(CancellationToken cancellationToken)
    {
        // A completed journal is renamed out of the way and deleted in the background; one the process left behind
        // (it ended first) must never count as state, and the stack's next operation deletes it.
        var store = CreateStore();
        await SaveAsync(store, StateSamples.Snapshot(StateSamples.Stack()), cancellationToken);
        var leftover = Path.Combine(StacksDirectory, ".dev.journal.0123456789abcdef.retired");
        var ghost = StateSamples.Domain("ghost");
        await File.WriteAllTextAsync(
            leftover,
            $"{{\"kind\":\"succeed\",\"type\":\"creating\",\"urn\":\"{ghost.Urn.Value}\",\"newState\":{{\"urn\":\"{ghost.Urn.Value}\",\"custom\":true,\"type\":\"libvirt:index/domain:Domain\"}}}}\n",
            cancellationToken);

        var loaded = await CreateStore().LoadAsync("dev", cancellationToken);
        await using var stackLock = await store.AcquireLockAsync("dev", Alice, cancellationToken);
        await using var journal = await store.BeginOperationAsync(stackLock, loaded!, cancellationToken);
        var stacks = await store.ListStacksAsync(cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(loaded!.Resources.Select(r => r.Urn.Name), Is.EqualTo(new[] { "lab-dev" }));
            Assert.That(File.Exists(leftover), Is.False);
            Assert.That(stacks, Is.EqualTo(new[] { "dev" }));
        });
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task SucceedStepAsync_CreatedState_RecordsOnlyItsIdAndOutputsAndTheCheckpointCopiesTheBegin(CancellationToken cancellationToken)
    {
        // A created state is its begin's resource with an id and outputs: its line holds only those, and the checkpoint
        // copies the rest from the begin's line. A secret among the inputs shows the copy, as encrypting it again
        // would give another ciphertext (a fresh nonce each time).
        var store = CreateStore();
        await using var stackLock = await store.AcquireLockAsync("dev", Alice, cancellationToken);
        var journal = await store.BeginOperationAsync(stackLock, StackSnapshot.Empty, cancellationToken);
        var created = StateSamples.Full();
        await StateSamples.RecordCreateAsync(journal, created, cancellationToken);
        _ = journal.Current;

        var lines = await File.ReadAllLinesAsync(JournalPath, cancellationToken);
        using var begin = System.Text.Json.JsonDocument.Parse(lines[0]);
        using var end = System.Text.Json.JsonDocument.Parse(lines[1]);
        var begunInputs = begin.RootElement.GetProperty("resource").GetProperty("inputs").GetRawText();
        await journal.CompleteAsync(cancellationToken);
        var checkpoint = await File.ReadAllTextAsync(CheckpointPath, cancellationToken);
        var loaded = await CreateStore().LoadAsync("dev", cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(begunInputs, Does.Contain("ciphertext"));
            Assert.That(end.RootElement.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "kind", "type", "urn", "begun", "id", "outputs" }));
            Assert.That(end.RootElement.GetProperty("id").GetString(), Is.EqualTo(created.Id));
            Assert.That(checkpoint, Does.Contain("\"inputs\":" + begunInputs));
            Assert.That(StateShape.Of(loaded!.Resources), Is.EqualTo(StateShape.Of([created])));
        });
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task SucceedStepAsync_UpdatedStateWithTheBegunInputs_CopiesTheirJsonFromTheBegin(CancellationToken cancellationToken)
    {
        // An update that keeps the inputs object its begin recorded (here it also changes the dependencies) records
        // its whole new state, with the begin's inputs JSON copied.
        var store = CreateStore();
        await using var stackLock = await store.AcquireLockAsync("dev", Alice, cancellationToken);
        var journal = await store.BeginOperationAsync(stackLock, StackSnapshot.Empty, cancellationToken);
        var old = StateSamples.Full();
        var operation = new PendingOperation(old, PendingOperationType.Updating);
        var updated = old with { Dependencies = [StateSamples.UrnOf("other")], Outputs = ObjectValue.Empty.With("ip", PropertyValue.Of("10.0.0.7")) };
        await journal.BeginStepAsync(operation, cancellationToken);
        await journal.SucceedStepAsync(operation, updated, cancellationToken);
        _ = journal.Current;

        var lines = await File.ReadAllLinesAsync(JournalPath, cancellationToken);
        using var begin = System.Text.Json.JsonDocument.Parse(lines[0]);
        using var end = System.Text.Json.JsonDocument.Parse(lines[1]);
        var begunInputs = begin.RootElement.GetProperty("resource").GetProperty("inputs").GetRawText();
        var endInputs = end.RootElement.GetProperty("newState").GetProperty("inputs").GetRawText();
        await journal.DisposeAsync();
        var replayed = await CreateStore().LoadAsync("dev", cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(begunInputs, Does.Contain("ciphertext"));
            Assert.That(endInputs, Is.EqualTo(begunInputs));
            Assert.That(StateShape.Of(replayed!.Resources), Is.EqualTo(StateShape.Of([updated])));
        });
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task ExpectSteps_BeforeAndBetweenSteps_EveryStepStillReachesTheCheckpoint(CancellationToken cancellationToken)
    {
        var store = CreateStore();
        await using (var stackLock = await store.AcquireLockAsync("dev", Alice, cancellationToken))
        {
            await using var journal = await store.BeginOperationAsync(stackLock, StackSnapshot.Empty, cancellationToken);
            journal.ExpectSteps(3);
            for (var i = 0; i < 40; i++)
            {
                await StateSamples.RecordCreateAsync(journal, StateSamples.Domain("d" + i), cancellationToken);
                journal.ExpectSteps(10_000); // ignored once entries exist
            }

            await journal.CompleteAsync(cancellationToken);
        }

        var loaded = await store.LoadAsync("dev", cancellationToken);
        Assert.That(loaded!.Resources.Select(r => r.Urn.Value), Is.EqualTo(Enumerable.Range(0, 40).Select(i => StateSamples.UrnOf("d" + i).Value)));
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task Steps_AfterCompleteOrDispose_AreRefusedAndNothingIsWritten(CancellationToken cancellationToken)
    {
        // The journal's lines live in native memory freed when it closes: a late step must be refused, not written
        // into freed memory (a step begun before and ended after closing is what a cancelled operation can leave).
        var store = CreateStore();
        await using var stackLock = await store.AcquireLockAsync("dev", Alice, cancellationToken);
        var completed = await store.BeginOperationAsync(stackLock, StackSnapshot.Empty, cancellationToken);
        var late = new PendingOperation(StateSamples.Domain("late") with { Id = null, Outputs = ObjectValue.Empty }, PendingOperationType.Creating);
        await completed.BeginStepAsync(late, cancellationToken);
        await completed.CompleteAsync(cancellationToken);
        var checkpoint = await File.ReadAllBytesAsync(CheckpointPath, cancellationToken);

        var disposed = await store.BeginOperationAsync(stackLock, await store.LoadAsync("dev", cancellationToken) ?? StackSnapshot.Empty, cancellationToken);
        await disposed.DisposeAsync();

        Assert.Multiple(() =>
        {
            Assert.ThrowsAsync<ObjectDisposedException>(() => completed.SucceedStepAsync(late, StateSamples.Domain("late"), cancellationToken));
            Assert.ThrowsAsync<ObjectDisposedException>(() => completed.BeginStepAsync(late, cancellationToken));
            Assert.ThrowsAsync<ObjectDisposedException>(() => disposed.FailStepAsync(late, cancellationToken));
            Assert.That(File.ReadAllBytes(CheckpointPath), Is.EqualTo(checkpoint));
        });
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task Steps_BeforeComplete_AppendToJournalWithoutRewritingCheckpoint(CancellationToken cancellationToken)
    {
        var store = CreateStore();
        await SaveAsync(store, StateSamples.Large(50), cancellationToken);
        var before = await File.ReadAllBytesAsync(CheckpointPath, cancellationToken);
        var based = await store.LoadAsync("dev", cancellationToken);
        await using var stackLock = await store.AcquireLockAsync("dev", Alice, cancellationToken);
        var journal = await store.BeginOperationAsync(stackLock, based!, cancellationToken);

        for (var i = 0; i < 5; i++)
        {
            await StateSamples.RecordCreateAsync(journal, StateSamples.Domain("new-" + i), cancellationToken);
        }

        // The end of the last step is written by the journal's writer shortly after; Current waits for it.
        var current = journal.Current;
        var lines = await File.ReadAllLinesAsync(JournalPath, cancellationToken);
        Assert.Multiple(() =>
        {
            Assert.That(File.ReadAllBytes(CheckpointPath), Is.EqualTo(before));
            Assert.That(lines, Has.Length.EqualTo(10));
            Assert.That(lines[0], Does.StartWith("{\"kind\":\"begin\",\"type\":\"creating\",\"resource\":{"));
            Assert.That(lines[1], Does.StartWith("{\"kind\":\"succeed\",\"type\":\"creating\",\"urn\":"));
            Assert.That(current.Resources, Has.Length.EqualTo(57));
        });
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task LoadAsync_AfterCrash_ReplaysJournalWithPendingOperations(CancellationToken cancellationToken)
    {
        var store = CreateStore();
        await SaveAsync(store, StateSamples.Snapshot(StateSamples.Stack(), StateSamples.Domain("old")), cancellationToken);
        var stackLock = await store.AcquireLockAsync("dev", Alice, cancellationToken);
        var journal = await store.BeginOperationAsync(stackLock, (await store.LoadAsync("dev", cancellationToken))!, cancellationToken);
        var created = StateSamples.Domain("created");
        var halfway = new PendingOperation(StateSamples.Domain("halfway") with { Id = null }, PendingOperationType.Creating);
        var deleting = new PendingOperation(StateSamples.Domain("old"), PendingOperationType.Deleting);
        await StateSamples.RecordCreateAsync(journal, created, cancellationToken);
        await journal.BeginStepAsync(halfway, cancellationToken);
        await journal.BeginStepAsync(deleting, cancellationToken);
        await journal.SucceedStepAsync(deleting, null, cancellationToken);

        // The crash: the process is gone without completing; nothing else touches the files.
        await journal.DisposeAsync();

        var loaded = await CreateStore().LoadAsync("dev", cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(loaded!.Resources.Select(r => r.Urn), Is.EqualTo(new[] { StateSamples.StackUrn, created.Urn }));
            Assert.That(StateShape.Of([loaded.Resources[1]]), Is.EqualTo(StateShape.Of([created])), "the created state: its begin's resource with the id and outputs its end recorded");
            Assert.That(StateShape.Of(loaded.PendingOperations), Is.EqualTo(StateShape.Of([halfway])));
            Assert.That(File.Exists(JournalPath), Is.True);
        });
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task BeginOperationAsync_AfterCrash_FoldsReplayedBaseIntoCheckpoint(CancellationToken cancellationToken)
    {
        var store = CreateStore();
        var stackLock = await store.AcquireLockAsync("dev", Alice, cancellationToken);
        var crashed = await store.BeginOperationAsync(stackLock, StackSnapshot.Empty, cancellationToken);
        await StateSamples.RecordCreateAsync(crashed, StateSamples.Stack(), cancellationToken);
        await crashed.DisposeAsync();
        var replayed = (await store.LoadAsync("dev", cancellationToken))!;

        var journal = await store.BeginOperationAsync(stackLock, replayed, cancellationToken);
        await StateSamples.RecordCreateAsync(journal, StateSamples.Domain("web"), cancellationToken);
        await journal.DisposeAsync();
        var loaded = await CreateStore().LoadAsync("dev", cancellationToken);

        Assert.That(loaded!.Resources.Select(r => r.Urn.Name), Is.EqualTo(new[] { "lab-dev", "web" }));
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task BeginOperationAsync_NewStackWithoutKeySource_WritesNoEmptyCheckpointAndACrashStillReplays(CancellationToken cancellationToken)
    {
        // Nothing to record before the first step (no resources, no secrets provider): the journal replays onto no
        // checkpoint just as well.
        var store = new FileStateStore("file://.infra/state", root, "lab", null, time);
        var stackLock = await store.AcquireLockAsync("dev", Alice, cancellationToken);
        var journal = await store.BeginOperationAsync(stackLock, StackSnapshot.Empty, cancellationToken);
        var noCheckpointAtBegin = !File.Exists(CheckpointPath);
        var created = StateSamples.Domain("web");
        await StateSamples.RecordCreateAsync(journal, created, cancellationToken);
        await journal.DisposeAsync();

        var replayed = await new FileStateStore("file://.infra/state", root, "lab", null, time).LoadAsync("dev", cancellationToken);
        var stacks = await store.ListStacksAsync(cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(noCheckpointAtBegin, Is.True);
            Assert.That(StateShape.Of(replayed!.Resources), Is.EqualTo(StateShape.Of([created])));
            Assert.That(stacks, Is.EqualTo(new[] { "dev" }));
        });
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task BeginOperationAsync_NewStackWithKeySource_RecordsItsSecretsProviderBeforeTheFirstStep(CancellationToken cancellationToken)
    {
        // The salt the journal's secrets are encrypted with must be on disk before any of them: a crash must not lose it.
        var store = CreateStore();
        var stackLock = await store.AcquireLockAsync("dev", Alice, cancellationToken);
        var journal = await store.BeginOperationAsync(stackLock, StackSnapshot.Empty, cancellationToken);
        var checkpoint = File.Exists(CheckpointPath) ? await File.ReadAllTextAsync(CheckpointPath, cancellationToken) : "";
        await StateSamples.RecordCreateAsync(journal, StateSamples.Full(), cancellationToken);
        await journal.DisposeAsync();

        var replayed = await CreateStore().LoadAsync("dev", cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(checkpoint, Does.Contain("\"secrets_providers\""));
            Assert.That(replayed!.Resources[0].Inputs["password"], Is.EqualTo(new SecretValue(PropertyValue.Of(StateSamples.Canary))));
        });
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task LoadAsync_TornLastJournalLine_IsIgnored(CancellationToken cancellationToken)
    {
        var store = CreateStore();
        var stackLock = await store.AcquireLockAsync("dev", Alice, cancellationToken);
        var journal = await store.BeginOperationAsync(stackLock, StateSamples.Snapshot(StateSamples.Stack()), cancellationToken);
        await StateSamples.RecordCreateAsync(journal, StateSamples.Domain("kept"), cancellationToken);
        await journal.DisposeAsync();

        // A write the crash cut short: the first part of a line, with no newline.
        var line = "{\"kind\":\"begin\",\"type\":\"creating\",\"resource\":{\"urn\":\"urn:pulumi:dev::lab::libvirt:index/domain:Domain::torn\",\"cus";
        await File.AppendAllTextAsync(JournalPath, line, cancellationToken);

        var loaded = await CreateStore().LoadAsync("dev", cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(loaded!.Resources.Select(r => r.Urn.Name), Is.EqualTo(new[] { "lab-dev", "kept" }));
            Assert.That(loaded.PendingOperations, Is.Empty);
        });
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task LoadAsync_MalformedJournalLineInMiddle_ThrowsNamingFileAndLine(CancellationToken cancellationToken)
    {
        var store = CreateStore();
        await SaveAsync(store, StateSamples.Snapshot(StateSamples.Stack()), cancellationToken);
        await File.WriteAllTextAsync(JournalPath, "{\"kind\":\"fail\",\"type\":\"creating\",\"urn\":\"u\"}\n{\"kind\":\"oops\"\n{}\n", cancellationToken);

        var error = Assert.ThrowsAsync<GitOpsException>(() => CreateStore().LoadAsync("dev", cancellationToken));

        Assert.That(error!.Message, Does.StartWith(JournalPath + ":2:"));
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task LoadAsync_EndWithOnlyIdAndOutputsButNoBegin_ThrowsNamingFileAndLine(CancellationToken cancellationToken)
    {
        // Such an end completes its begin's resource: without one there is nothing to complete, and nothing is guessed.
        var store = CreateStore();
        await SaveAsync(store, StateSamples.Snapshot(StateSamples.Stack()), cancellationToken);
        var urn = StateSamples.UrnOf("web").Value;
        await File.WriteAllTextAsync(
            JournalPath,
            $"{{\"kind\":\"fail\",\"type\":\"creating\",\"urn\":\"{urn}\"}}\n{{\"kind\":\"succeed\",\"type\":\"creating\",\"urn\":\"{urn}\",\"begun\":true,\"id\":\"x\"}}\n",
            cancellationToken);
        var before = await File.ReadAllBytesAsync(CheckpointPath, cancellationToken);

        var error = Assert.ThrowsAsync<GitOpsException>(() => CreateStore().LoadAsync("dev", cancellationToken));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Message, Does.StartWith(JournalPath + ":2:1: invalid journal entry: a step's end that records only its id and outputs follows no begin"));
            Assert.That(File.ReadAllBytes(CheckpointPath), Is.EqualTo(before));
        });
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task SucceedStepAsync_WithoutBeginThenCrash_ReplaysTheResourceWithNoPendingOperation(CancellationToken cancellationToken)
    {
        // A step that calls no provider (a component) records only its end, and does not wait for the disk.
        var store = CreateStore();
        var stackLock = await store.AcquireLockAsync("dev", Alice, cancellationToken);
        var journal = await store.BeginOperationAsync(stackLock, StackSnapshot.Empty, cancellationToken);
        var stack = StateSamples.Stack();
        var recorded = journal.SucceedStepAsync(new PendingOperation(stack, PendingOperationType.Creating), stack, cancellationToken);
        await journal.DisposeAsync();

        var loaded = await CreateStore().LoadAsync("dev", cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(recorded.IsCompletedSuccessfully, Is.True, "the end of a step is not waited for");
            Assert.That(loaded!.Resources.Select(r => r.Urn), Is.EqualTo(new[] { stack.Urn }));
            Assert.That(loaded.PendingOperations, Is.Empty);
        });
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Steps_Concurrent_AreAllRecorded(CancellationToken cancellationToken)
    {
        var store = CreateStore();
        await using var stackLock = await store.AcquireLockAsync("dev", Alice, cancellationToken);
        var journal = await store.BeginOperationAsync(stackLock, StackSnapshot.Empty, cancellationToken);

        await Task.WhenAll(Enumerable.Range(0, 64).Select(i => Task.Run(() => StateSamples.RecordCreateAsync(journal, StateSamples.Domain("vm-" + i), cancellationToken), cancellationToken)));
        await journal.DisposeAsync();
        var replayed = await CreateStore().LoadAsync("dev", cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(replayed!.Resources, Has.Length.EqualTo(64));
            Assert.That(replayed.PendingOperations, Is.Empty);
            Assert.That(File.ReadAllLines(JournalPath), Has.Length.EqualTo(128));
        });
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task BeginStep_SyncEnds_EngineContinuationRunsOnTheWriterAndAwaitersOfBeginStepAsyncNever(CancellationToken cancellationToken)
    {
        // The engine's continuation only queues the steps (no hop through the thread pool per sync); every other
        // caller of the journal resumes on the thread pool, never on the writer, which must go on writing.
        var store = CreateStore();
        await using var stackLock = await store.AcquireLockAsync("dev", Alice, cancellationToken);
        await using var journal = (IBegunStepJournal)await store.BeginOperationAsync(stackLock, StackSnapshot.Empty, cancellationToken);
        var engineThreads = new List<string?>();
        var otherThreads = new List<string?>();
        for (var i = 0; i < 20; i++)
        {
            var engine = new PendingOperation(StateSamples.Domain("engine-" + i) with { Id = null }, PendingOperationType.Creating);
            var durable = journal.BeginStep(engine, out _);
            if (!durable.IsCompleted)
            {
                // Registered before the sync ended (the usual case; a sync that ended first is skipped).
                await durable.ContinueWith(_ => engineThreads.Add(Thread.CurrentThread.Name), cancellationToken, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }

            var other = new PendingOperation(StateSamples.Domain("other-" + i) with { Id = null }, PendingOperationType.Creating);
            await journal.BeginStepAsync(other, cancellationToken);
            otherThreads.Add(Thread.CurrentThread.Name);
        }

        Assert.Multiple(() =>
        {
            Assert.That(engineThreads, Is.Not.Empty.And.All.EqualTo("infra-gitops journal writer"));
            Assert.That(otherThreads, Has.Count.EqualTo(20).And.None.EqualTo("infra-gitops journal writer"));
        });
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Steps_LinesLongerThanTheWritersBuffer_ReachTheJournalWholeAndInOrder(CancellationToken cancellationToken)
    {
        // The writer copies a batch's lines into a 1 MiB buffer; a 3 MiB begin and end go out on their own and replay
        // whole, with the thousands of lines around them (the copier's order is LineCopierTests').
        var store = CreateStore();
        var hugeInputs = StateSamples.Domain("huge").Inputs.With("userData", PropertyValue.Of(new string('x', 3 * 1024 * 1024)));
        var huge = StateSamples.Domain("huge") with { Inputs = hugeInputs, Outputs = hugeInputs };
        ResourceState[] resources = [StateSamples.Stack(), .. Enumerable.Range(0, 1_500).Select(i => StateSamples.Domain("before-" + i)), huge, .. Enumerable.Range(0, 1_500).Select(i => StateSamples.Domain("after-" + i))];
        await using (var stackLock = await store.AcquireLockAsync("dev", Alice, cancellationToken))
        {
            var journal = await store.BeginOperationAsync(stackLock, StackSnapshot.Empty, cancellationToken);
            var operations = resources.Select(r => new PendingOperation(r with { Id = null, Outputs = ObjectValue.Empty }, PendingOperationType.Creating)).ToArray();
            foreach (var operation in operations)
            {
                await journal.BeginStepAsync(operation, cancellationToken);
            }

            // Ends are not waited for: they queue up and are written in batches, the huge one among the others.
            for (var i = 0; i < operations.Length; i++)
            {
                await journal.SucceedStepAsync(operations[i], resources[i], cancellationToken);
            }

            _ = journal.Current;

            // Not completed: the next load replays the journal alone.
            await journal.DisposeAsync();
        }

        var loaded = await CreateStore().LoadAsync("dev", cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(loaded!.Resources.Select(r => r.Urn), Is.EqualTo(resources.Select(r => r.Urn)));
            Assert.That(loaded.Resources.Single(r => r.Urn == huge.Urn).Inputs["userData"], Is.EqualTo(huge.Inputs["userData"]));
            Assert.That(loaded.PendingOperations, Is.Empty);
        });
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Journals_CompletedThenDisposedThenTwoAtOnce_KeepTheirEntriesApart(CancellationToken cancellationToken)
    {
        // A journal's queues are kept for the next journal when it closes: closing twice (completed, then disposed) must
        // not hand the same ones to two journals, which would then record each other's steps.
        var store = CreateStore();
        await using (var stackLock = await store.AcquireLockAsync("dev", Alice, cancellationToken))
        {
            var first = await store.BeginOperationAsync(stackLock, StackSnapshot.Empty, cancellationToken);
            await StateSamples.RecordCreateAsync(first, StateSamples.Stack(), cancellationToken);
            await first.CompleteAsync(cancellationToken);
            await first.DisposeAsync();
        }

        async Task<StackSnapshot> RunAsync(string stack, string prefix)
        {
            await using var stackLock = await store.AcquireLockAsync(stack, Alice, cancellationToken);
            var journal = await store.BeginOperationAsync(stackLock, StackSnapshot.Empty, cancellationToken);
            await using (journal)
            {
                for (var i = 0; i < 2_000; i++)
                {
                    await StateSamples.RecordCreateAsync(journal, StateSamples.Domain($"{prefix}-{i}"), cancellationToken);
                }

                return await journal.CompleteAsync(cancellationToken);
            }
        }

        var results = await Task.WhenAll(Task.Run(() => RunAsync("prod", "p"), cancellationToken), Task.Run(() => RunAsync("test", "t"), cancellationToken));
        var prod = await CreateStore().LoadAsync("prod", cancellationToken);
        var test = await CreateStore().LoadAsync("test", cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(results[0].Resources.Select(r => r.Urn.Name), Is.EqualTo(Enumerable.Range(0, 2_000).Select(i => $"p-{i}")));
            Assert.That(results[1].Resources.Select(r => r.Urn.Name), Is.EqualTo(Enumerable.Range(0, 2_000).Select(i => $"t-{i}")));
            Assert.That(prod!.Resources.Select(r => r.Urn.Name), Is.EqualTo(results[0].Resources.Select(r => r.Urn.Name)));
            Assert.That(test!.Resources.Select(r => r.Urn.Name), Is.EqualTo(results[1].Resources.Select(r => r.Urn.Name)));
        });
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task CompleteAsync_DependentJournaledFirst_WritesTopologicalOrder(CancellationToken cancellationToken)
    {
        var store = CreateStore();
        await using var stackLock = await store.AcquireLockAsync("dev", Alice, cancellationToken);
        var journal = await store.BeginOperationAsync(stackLock, StateSamples.Snapshot(StateSamples.Stack(), StateSamples.Domain("a")), cancellationToken);
        var network = StateSamples.Domain("net");
        var provider = StateSamples.Provider();

        // The VM is recorded before the network and provider it depends on (e.g. a refresh's read order).
        await StateSamples.RecordCreateAsync(journal, StateSamples.Domain("vm", network.Urn), cancellationToken);
        await StateSamples.RecordCreateAsync(journal, network, cancellationToken);
        await StateSamples.RecordCreateAsync(journal, provider, cancellationToken);
        var completed = await journal.CompleteAsync(cancellationToken);
        var loaded = await CreateStore().LoadAsync("dev", cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(completed.Resources.Select(r => r.Urn.Name), Is.EqualTo(new[] { "lab-dev", "default", "a", "net", "vm" }));
            Assert.That(loaded!.Resources.Select(r => r.Urn.Name), Is.EqualTo(new[] { "lab-dev", "default", "a", "net", "vm" }));
        });
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task AcquireLockAsync_Held_ThrowsNamingHolderAndUnlockCommand(CancellationToken cancellationToken)
    {
        await using var held = await CreateStore().AcquireLockAsync("dev", Alice, cancellationToken);
        var bob = Alice with { Owner = "bob", ProcessId = 1 };

        var error = Assert.ThrowsAsync<LockConflictException>(() => CreateStore().AcquireLockAsync("dev", bob, cancellationToken));

        Assert.That(error!.Message, Is.EqualTo(
            "stack 'dev' is locked by alice (pid 4242 on host-a, up since 2026-11-26T06:00:00Z); if that process is gone, run `infra-gitops stack unlock --stack dev`"));
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task AcquireLockAsync_UnreadableLockFile_ThrowsNamingUnknownHolder(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(StacksDirectory);
        await File.WriteAllTextAsync(Path.Combine(StacksDirectory, "dev.lock"), "{\"own", cancellationToken);

        var error = Assert.ThrowsAsync<LockConflictException>(() => CreateStore().AcquireLockAsync("dev", Alice, cancellationToken));

        Assert.That(error!.Message, Does.Contain("unknown holder").And.Contain("infra-gitops stack unlock --stack dev"));
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task DisposeAsync_Lock_ReleasesIt(CancellationToken cancellationToken)
    {
        var store = CreateStore();
        var first = await store.AcquireLockAsync("dev", Alice, cancellationToken);
        await first.DisposeAsync();

        await using var second = await store.AcquireLockAsync("dev", Alice, cancellationToken);

        Assert.That(second.Owner, Is.EqualTo(Alice));
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task BreakLockAsync_Held_FreesStackAndOldHolderCannotWrite(CancellationToken cancellationToken)
    {
        var store = CreateStore();
        var stale = await store.AcquireLockAsync("dev", Alice, cancellationToken);

        var broken = await store.BreakLockAsync("dev", cancellationToken);
        var brokenAgain = await store.BreakLockAsync("dev", cancellationToken);
        await using var fresh = await store.AcquireLockAsync("dev", Alice with { Owner = "bob" }, cancellationToken);
        var error = Assert.ThrowsAsync<GitOpsException>(() => store.SaveAsync(stale, StackSnapshot.Empty, cancellationToken));
        await stale.DisposeAsync();

        Assert.Multiple(() =>
        {
            Assert.That(broken, Is.True);
            Assert.That(brokenAgain, Is.False);
            Assert.That(error!.Message, Does.Contain("no longer held"));
            Assert.That(File.Exists(Path.Combine(StacksDirectory, "dev.lock")), Is.True, "the stale holder must not delete bob's lock");
        });
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task SaveAsync_ManyTimes_KeepsLastTenInHistory(CancellationToken cancellationToken)
    {
        var store = CreateStore();
        for (var i = 0; i < 13; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await SaveAsync(store, StateSamples.Snapshot(StateSamples.Stack(), StateSamples.Domain("v" + i)), cancellationToken);
        }

        var history = await store.ListHistoryAsync("dev", cancellationToken);
        var newest = await store.LoadHistoryAsync(history[0], cancellationToken);
        var oldest = await store.LoadHistoryAsync(history[^1], cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(history, Has.Length.EqualTo(10));
            Assert.That(history[0].Time, Is.EqualTo(StateSamples.Now.AddSeconds(13)));
            Assert.That(history[^1].Time, Is.EqualTo(StateSamples.Now.AddSeconds(4)));
            Assert.That(Path.GetFileName(history[0].Path), Does.Match(@"^dev-\d+\.checkpoint\.json$"));
            Assert.That(history[0].Path, Does.StartWith(Path.Combine(root, ".infra", "state", ".pulumi", "history", "lab", "dev")));
            Assert.That(newest.Resources[1].Urn.Name, Is.EqualTo("v12"));
            Assert.That(oldest.Resources[1].Urn.Name, Is.EqualTo("v3"));
        });
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task Secrets_InCheckpointJournalAndHistory_NeverPlainText(CancellationToken cancellationToken)
    {
        var store = CreateStore();
        await SaveAsync(store, StateSamples.Snapshot(StateSamples.Stack(), StateSamples.Full()), cancellationToken);
        await using var stackLock = await store.AcquireLockAsync("dev", Alice, cancellationToken);
        var journal = await store.BeginOperationAsync(stackLock, (await store.LoadAsync("dev", cancellationToken))!, cancellationToken);
        await StateSamples.RecordCreateAsync(journal, StateSamples.Full() with { Urn = StateSamples.UrnOf("second") }, cancellationToken);
        await journal.DisposeAsync();

        var loaded = await CreateStore().LoadAsync("dev", cancellationToken);
        var files = Directory.GetFiles(Path.Combine(root, ".infra"), "*", SearchOption.AllDirectories);

        Assert.Multiple(() =>
        {
            Assert.That(files, Has.Length.GreaterThanOrEqualTo(3));
            foreach (var file in files)
            {
                Assert.That(File.ReadAllText(file), Does.Not.Contain(StateSamples.Canary), file);
            }

            Assert.That(loaded!.Resources[2].Inputs["password"], Is.EqualTo(new SecretValue(PropertyValue.Of(StateSamples.Canary))));
        });
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task LoadAsync_NoKeyWithSecretsOptional_SecretsArePlaceholdersAndCannotBeWrittenBack(CancellationToken cancellationToken)
    {
        await SaveAsync(CreateStore(), StateSamples.Snapshot(StateSamples.Full()), cancellationToken);
        var preview = new FileStateStore("file://.infra/state", root, "lab", null, time) { SecretsOptional = true };
        var strict = new FileStateStore("file://.infra/state", root, "lab", null, time);

        var loaded = await preview.LoadAsync("dev", cancellationToken);
        var withSecret = loaded!.Resources.Single(r => r.Inputs.Properties.ContainsKey("password"));

        Assert.Multiple(() =>
        {
            Assert.That(withSecret.Inputs["password"], Is.SameAs(SecretValue.Placeholder));
            Assert.That(withSecret.Inputs.Properties, Has.Count.GreaterThan(1), "the other inputs are read as they are");
            Assert.ThrowsAsync<GitOpsException>(() => strict.LoadAsync("dev", cancellationToken), "without the option a missing key fails");
            Assert.ThrowsAsync<GitOpsException>(() => SaveAsync(preview, loaded, cancellationToken), "placeholders never overwrite secrets");
            Assert.That(File.ReadAllText(Path.Combine(root, ".infra", "state", ".pulumi", "stacks", "lab", "dev.json")), Does.Contain("ciphertext"));
        });
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task LoadAsync_WrongPassphrase_ThrowsClearMessage(CancellationToken cancellationToken)
    {
        await SaveAsync(CreateStore(), StateSamples.Snapshot(StateSamples.Full()), cancellationToken);

        var error = Assert.ThrowsAsync<GitOpsException>(
            () => CreateStore(StateSamples.Passphrase("guess")).LoadAsync("dev", cancellationToken));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Message, Does.StartWith(CheckpointPath + ": ").And.Contain("passphrase").And.Contain("wrong"));
            Assert.That(error.Message, Does.Not.Contain(StateSamples.Canary).And.Not.Contain("guess"));
        });
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task LoadAsync_MalformedCheckpoint_ThrowsNamingFileAndPosition(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(StacksDirectory);
        await File.WriteAllTextAsync(CheckpointPath, "{\n  \"version\": 3,\n  \"checkpoint\": {\"latest\": {\"resources\": [{\"urn\": 5}]}}\n}", cancellationToken);

        var error = Assert.ThrowsAsync<GitOpsException>(() => CreateStore().LoadAsync("dev", cancellationToken));

        Assert.That(error!.Message, Does.StartWith(CheckpointPath + ":3:51: invalid state checkpoint: expected a string, found a number"));
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task SaveAsync_TenThousandResources_RoundTrips(CancellationToken cancellationToken)
    {
        var snapshot = StateSamples.Large(10_000);
        await SaveAsync(CreateStore(), snapshot, cancellationToken);

        var loaded = await CreateStore().LoadAsync("dev", cancellationToken);

        Assert.That(StateShape.Of(loaded!.Resources), Is.EqualTo(StateShape.Of(snapshot.Resources)));
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task OpenSecretsAsync_NewStack_PersistsSaltForStackFiles(CancellationToken cancellationToken)
    {
        var ciphertext = (await CreateStore().OpenSecretsAsync("dev", cancellationToken)).Encrypt("db-password");

        var decrypter = await CreateStore().OpenSecretsAsync("dev", cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(decrypter.TryDecrypt(ciphertext, out var plaintext), Is.True);
            Assert.That(plaintext, Is.EqualTo("db-password"));
        });
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task ExportAsync_Stack_WritesDeploymentFormat(CancellationToken cancellationToken)
    {
        var store = CreateStore();
        await SaveAsync(store, StateSamples.Snapshot(StateSamples.Stack(), StateSamples.Full()), cancellationToken);
        using var output = new MemoryStream();

        await store.ExportAsync("dev", output, cancellationToken);
        var text = Encoding.UTF8.GetString(output.ToArray());

        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Contain("\"deployment\": {"));
            Assert.That(text, Does.Not.Contain(StateSamples.Canary));
        });
    }

    [TestCase("file://.infra/state", "/repo/.infra/state")]
    [TestCase("file://./state", "/repo/state")]
    [TestCase("file:///var/lib/state", "/var/lib/state")]
    [TestCase("file://sub%20dir", "/repo/sub dir")]
    public void ResolveDirectory_Url_ResolvesAgainstRoot(string url, string expected)
    {
        Assert.That(FileStateStore.ResolveDirectory(url, "/repo"), Is.EqualTo(expected));
    }

    [TestCase("s3://bucket")]
    [TestCase("file://")]
    public void ResolveDirectory_NotFileUrl_Throws(string url)
    {
        Assert.Throws<ArgumentException>(() => FileStateStore.ResolveDirectory(url, "/repo"));
    }

    [TestCase("../etc")]
    [TestCase("a/b")]
    [TestCase(".hidden")]
    public void LoadAsync_PathLikeStackName_Throws(string stack)
    {
        Assert.ThrowsAsync<ArgumentException>(() => CreateStore().LoadAsync(stack, CancellationToken.None));
    }

    private FileStateStore CreateStore(SecretsKeySource? keySource = null) =>
        new("file://.infra/state", root, "lab", keySource ?? StateSamples.Passphrase(), time);

    private async Task SaveAsync(FileStateStore store, StackSnapshot snapshot, CancellationToken cancellationToken)
    {
        await using var stackLock = await store.AcquireLockAsync("dev", Alice, cancellationToken);
        await store.SaveAsync(stackLock, snapshot, cancellationToken);
    }
}
