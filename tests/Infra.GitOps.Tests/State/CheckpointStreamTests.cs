using Infra.GitOps.Model;
using Infra.GitOps.Secrets;
using Infra.GitOps.State;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;

namespace Infra.GitOps.Tests.State;

/// <summary>
/// The checkpoint of an operation on a stack with no resources, written while its steps succeed: the file it ends as
/// must be, byte for byte, the one the full write at completion gives (a store with streaming turned off runs the same
/// steps as the reference), and every case the stream cannot follow must fall back to that full write.
/// </summary>
[Category("Integration")]
public class CheckpointStreamTests
{
    private static readonly LockOwner Alice = new("alice", 4242, "host-a", "up", StateSamples.Now);

    private string root = string.Empty;

    [SetUp]
    public void SetUp()
    {
        root = Path.Combine(Path.GetTempPath(), "infra-gitops-stream-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
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
    [CancelAfter(60_000)]
    public async Task CompleteAsync_NewStackOfThousandsOfCreates_StreamsTheFileTheFullWriteWouldWrite(CancellationToken cancellationToken)
    {
        // 3,000 resources are about 1.4 MB of lines: more than one chunk is on disk before the operation completes.
        var resources = Chain(3_000);
        long streamedBeforeCompletion = 0;

        var streamed = await RunAsync("streamed", streaming: true, null, StackSnapshot.Empty, async (journal, directory) =>
        {
            foreach (var resource in resources)
            {
                await StateSamples.RecordCreateAsync(journal, resource, cancellationToken);
            }

            _ = journal.Current; // waits until the writer has taken every entry
            streamedBeforeCompletion = StreamingFiles(directory).Sum(f => new FileInfo(f).Length);
        }, cancellationToken);
        var full = await RunAsync("full", streaming: false, null, StackSnapshot.Empty, (journal, _) => RecordAllAsync(journal, resources, cancellationToken), cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(streamedBeforeCompletion, Is.GreaterThanOrEqualTo(CheckpointStream.Chunk));
            Assert.That(streamed.Checkpoint, Is.EqualTo(full.Checkpoint));
            Assert.That(streamed.Loaded.Resources.Select(r => r.Urn), Is.EqualTo(resources.Select(r => r.Urn)));
            Assert.That(streamed.Leftovers, Is.Empty);
            Assert.That(streamed.History, Is.EqualTo(streamed.Checkpoint));
        });
    }

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(5)]
    [CancelAfter(30_000)]
    public async Task CompleteAsync_FewOrNoCreates_StreamedFileIsTheFullWritersFile(int count, CancellationToken cancellationToken)
    {
        var resources = Chain(count);

        var streamed = await RunAsync("streamed", streaming: true, null, StackSnapshot.Empty, (journal, _) => RecordAllAsync(journal, resources, cancellationToken), cancellationToken);
        var full = await RunAsync("full", streaming: false, null, StackSnapshot.Empty, (journal, _) => RecordAllAsync(journal, resources, cancellationToken), cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(streamed.Checkpoint, Is.EqualTo(full.Checkpoint));
            Assert.That(streamed.Loaded.Resources, Has.Length.EqualTo(resources.Length));
            Assert.That(streamed.Leftovers, Is.Empty);
        });
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task CompleteAsync_StepsLeftPendingOrFailed_TailRecordsThePendingOperations(CancellationToken cancellationToken)
    {
        var resources = Chain(50);
        async Task Scenario(IStateJournal journal, string directory)
        {
            await RecordAllAsync(journal, resources, cancellationToken);
            var failed = new PendingOperation(StateSamples.Domain("failed") with { Id = null, Outputs = ObjectValue.Empty }, PendingOperationType.Creating);
            await journal.BeginStepAsync(failed, cancellationToken);
            await journal.FailStepAsync(failed, cancellationToken);
            var interrupted = new PendingOperation(StateSamples.Domain("interrupted") with { Id = null, Outputs = ObjectValue.Empty }, PendingOperationType.Creating);
            await journal.BeginStepAsync(interrupted, cancellationToken);
        }

        var streamed = await RunAsync("streamed", streaming: true, null, StackSnapshot.Empty, Scenario, cancellationToken);
        var full = await RunAsync("full", streaming: false, null, StackSnapshot.Empty, Scenario, cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(streamed.Checkpoint, Is.EqualTo(full.Checkpoint));
            Assert.That(streamed.Loaded.PendingOperations.Select(p => p.Resource.Urn.Name), Is.EqualTo(new[] { "interrupted" }));
            Assert.That(streamed.Loaded.Resources, Has.Length.EqualTo(resources.Length));
        });
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task CompleteAsync_StepChangesAResourceCreatedEarlier_AbandonsTheStreamAndWritesTheFullCheckpoint(CancellationToken cancellationToken)
    {
        // An update of a resource this operation created replaces a line the stream has already written.
        var resources = Chain(20);
        var updated = resources[5] with { Inputs = resources[5].Inputs.With("memory", PropertyValue.Of(512)) };
        async Task Scenario(IStateJournal journal, string directory)
        {
            await RecordAllAsync(journal, resources, cancellationToken);
            var update = new PendingOperation(updated, PendingOperationType.Updating);
            await journal.BeginStepAsync(update, cancellationToken);
            await journal.SucceedStepAsync(update, updated, cancellationToken);
            var delete = new PendingOperation(resources[19], PendingOperationType.Deleting);
            await journal.BeginStepAsync(delete, cancellationToken);
            await journal.SucceedStepAsync(delete, null, cancellationToken);
        }

        var streamed = await RunAsync("streamed", streaming: true, null, StackSnapshot.Empty, Scenario, cancellationToken);
        var full = await RunAsync("full", streaming: false, null, StackSnapshot.Empty, Scenario, cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(streamed.Checkpoint, Is.EqualTo(full.Checkpoint));
            Assert.That(streamed.Loaded.Resources, Has.Length.EqualTo(19));
            Assert.That(streamed.Loaded.Resources[5].Inputs["memory"], Is.EqualTo(PropertyValue.Of(512)));
            Assert.That(streamed.Leftovers, Is.Empty);
        });
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task CompleteAsync_DependentSucceedsBeforeWhatItDependsOn_AbandonsTheStreamAndWritesDependencyOrder(CancellationToken cancellationToken)
    {
        // A refresh-like order: the VM's line would precede its network's, which a checkpoint must not.
        var network = StateSamples.Domain("net");
        ResourceState[] resources = [StateSamples.Stack(), StateSamples.Provider(), StateSamples.Domain("vm", network.Urn), network];

        var streamed = await RunAsync("streamed", streaming: true, null, StackSnapshot.Empty, (journal, _) => RecordAllAsync(journal, resources, cancellationToken), cancellationToken);
        var full = await RunAsync("full", streaming: false, null, StackSnapshot.Empty, (journal, _) => RecordAllAsync(journal, resources, cancellationToken), cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(streamed.Checkpoint, Is.EqualTo(full.Checkpoint));
            Assert.That(streamed.Loaded.Resources.Select(r => r.Urn.Name), Is.EqualTo(new[] { "lab-dev", "default", "net", "vm" }));
            Assert.That(streamed.Leftovers, Is.Empty);
        });
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task BeginOperationAsync_BaseWithResources_StreamsNothing(CancellationToken cancellationToken)
    {
        var baseSnapshot = StateSamples.Snapshot(StateSamples.Stack(), StateSamples.Provider());
        var streamingDuringOperation = -1;

        var result = await RunAsync("base", streaming: true, null, baseSnapshot, async (journal, directory) =>
        {
            await StateSamples.RecordCreateAsync(journal, StateSamples.Domain("web"), cancellationToken);
            _ = journal.Current;
            streamingDuringOperation = StreamingFiles(directory).Length;
        }, cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(streamingDuringOperation, Is.Zero);
            Assert.That(result.Loaded.Resources.Select(r => r.Urn.Name), Is.EqualTo(new[] { "lab-dev", "default", "web" }));
        });
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task CompleteAsync_StreamedSecrets_StayEncryptedAndLoadBack(CancellationToken cancellationToken)
    {
        // The new stack's secrets provider gains its check value when the first secret is encrypted, which makes the
        // header longer than the one the stream started with: the lines move under the new header, copied as they are
        // (encrypting again would give other ciphertexts, with fresh nonces).
        ResourceState[] resources = [StateSamples.Stack(), StateSamples.Provider(), StateSamples.Full() with { Dependencies = [] }, .. Chain(3_000).Skip(2)];
        var streamingDuringOperation = 0;
        var begunPassword = string.Empty;

        var streamed = await RunAsync("secrets", streaming: true, StateSamples.Passphrase(), StackSnapshot.Empty, async (journal, directory) =>
        {
            await RecordAllAsync(journal, resources, cancellationToken);
            _ = journal.Current;
            streamingDuringOperation = StreamingFiles(directory).Length;
            var begin = File.ReadLines(Path.Combine(directory, "dev.journal")).First(l => l.Contains("\"kind\":\"begin\"", StringComparison.Ordinal) && l.Contains("lab-dev-full", StringComparison.Ordinal));
            using var document = System.Text.Json.JsonDocument.Parse(begin);
            begunPassword = document.RootElement.GetProperty("resource").GetProperty("inputs").GetProperty("password").GetRawText();
        }, cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(streamingDuringOperation, Is.EqualTo(1));
            Assert.That(begunPassword, Does.Contain("ciphertext"));
            Assert.That(System.Text.Encoding.UTF8.GetString(streamed.Checkpoint), Does.Contain(begunPassword));
            Assert.That(streamed.Leftovers, Is.Empty);
            Assert.That(System.Text.Encoding.UTF8.GetString(streamed.Checkpoint), Does.Not.Contain(StateSamples.Canary));
            Assert.That(streamed.Loaded.Resources[2].Inputs["password"], Is.EqualTo(new SecretValue(PropertyValue.Of(StateSamples.Canary))));
            Assert.That(StateShape.Of(streamed.Loaded.Resources), Is.EqualTo(StateShape.Of(resources)));
        });
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task DisposeAsync_WithoutCompleting_DeletesTheStreamedFileAndTheJournalStillReplays(CancellationToken cancellationToken)
    {
        var store = CreateStore(root, streaming: true, null);
        var resources = Chain(2_500);
        await using (var stackLock = await store.AcquireLockAsync("dev", Alice, cancellationToken))
        {
            var journal = await store.BeginOperationAsync(stackLock, StackSnapshot.Empty, cancellationToken);
            await RecordAllAsync(journal, resources, cancellationToken);
            _ = journal.Current;
            Assert.That(StreamingFiles(StacksDirectory(root)), Has.Length.EqualTo(1));
            await journal.DisposeAsync();
        }

        var loaded = await CreateStore(root, streaming: true, null).LoadAsync("dev", cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(StreamingFiles(StacksDirectory(root)), Is.Empty);
            Assert.That(File.Exists(Path.Combine(StacksDirectory(root), "dev.json")), Is.False);
            Assert.That(loaded!.Resources.Select(r => r.Urn), Is.EqualTo(resources.Select(r => r.Urn)));
        });
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task BeginOperationAsync_LeftoverStreamedFileOfAKilledProcess_IsDeletedAndNeverRead(CancellationToken cancellationToken)
    {
        var directory = StacksDirectory(root);
        Directory.CreateDirectory(directory);
        var leftover = Path.Combine(directory, $".dev.json.{Guid.NewGuid():N}{CheckpointStream.Suffix}");
        await File.WriteAllTextAsync(leftover, "{\"version\": 3, \"checkpoint\": {\"torn", cancellationToken);

        var result = await RunAsync(string.Empty, streaming: true, null, StackSnapshot.Empty, (journal, _) => RecordAllAsync(journal, Chain(3), cancellationToken), cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(File.Exists(leftover), Is.False);
            Assert.That(result.Loaded.Resources, Has.Length.EqualTo(3));
        });
    }

    /// <summary>The stack and provider, then <paramref name="count"/> - 2 VMs each depending on the one before.</summary>
    private static ResourceState[] Chain(int count)
    {
        var all = new List<ResourceState>(count);
        if (count > 0)
        {
            all.Add(StateSamples.Stack());
        }

        if (count > 1)
        {
            all.Add(StateSamples.Provider());
        }

        for (var i = 2; i < count; i++)
        {
            all.Add(StateSamples.Domain("vm-" + i, i == 2 ? [] : [StateSamples.UrnOf("vm-" + (i - 1))]));
        }

        return [.. all];
    }

    private static async Task RecordAllAsync(IStateJournal journal, IEnumerable<ResourceState> resources, CancellationToken cancellationToken)
    {
        foreach (var resource in resources)
        {
            await StateSamples.RecordCreateAsync(journal, resource, cancellationToken);
        }
    }

    private static string StacksDirectory(string backend) => Path.Combine(backend, ".infra", "state", ".pulumi", "stacks", "lab");

    private static string[] StreamingFiles(string directory) =>
        Directory.Exists(directory) ? Directory.GetFiles(directory, "*" + CheckpointStream.Suffix) : [];

    private static FileStateStore CreateStore(string backend, bool streaming, SecretsKeySource? keySource) =>
        new("file://.infra/state", backend, "lab", keySource, new FakeTimeProvider(StateSamples.Now)) { StreamCheckpoints = streaming };

    /// <summary>Runs <paramref name="scenario"/> as one operation on stack <c>dev</c> in its own backend under the test's root.</summary>
    private async Task<Outcome> RunAsync(
        string name, bool streaming, SecretsKeySource? keySource, StackSnapshot baseSnapshot, Func<IStateJournal, string, Task> scenario, CancellationToken cancellationToken)
    {
        var backend = Path.Combine(root, name);
        var directory = StacksDirectory(backend);
        var store = CreateStore(backend, streaming, keySource);
        await using (var stackLock = await store.AcquireLockAsync("dev", Alice, cancellationToken))
        {
            var journal = await store.BeginOperationAsync(stackLock, baseSnapshot, cancellationToken);
            await using (journal)
            {
                await scenario(journal, directory);
                await journal.CompleteAsync(cancellationToken);
            }
        }

        var history = Directory.GetFiles(Path.Combine(backend, ".infra", "state", ".pulumi", "history", "lab", "dev"), "*.checkpoint.json");
        return new Outcome(
            await File.ReadAllBytesAsync(Path.Combine(directory, "dev.json"), cancellationToken),
            history.Length == 1 ? await File.ReadAllBytesAsync(history[0], cancellationToken) : [],
            (await CreateStore(backend, streaming, keySource).LoadAsync("dev", cancellationToken))!,
            StreamingFiles(directory));
    }

    private sealed record Outcome(byte[] Checkpoint, byte[] History, StackSnapshot Loaded, string[] Leftovers);
}
