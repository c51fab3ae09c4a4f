using System.Diagnostics;
using Infra.GitOps.Model;
using Infra.GitOps.State;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;

namespace Infra.GitOps.Tests.State;

/// <summary>
/// The file journal when its disk fills up in the middle of an operation, on a real file system that fills: a small
/// tmpfs this test mounts (the test runs as root, as the README's test command does).
/// </summary>
[Category("Integration")]
public class FileStateJournalTests
{
    private static readonly LockOwner Alice = new("alice", 4242, "host-a", "up", new DateTimeOffset(2026, 11, 26, 6, 0, 0, TimeSpan.Zero));

    private string root = string.Empty;
    private bool mounted;

    [SetUp]
    public void SetUp()
    {
        root = Path.Combine(Path.GetTempPath(), "infra-gitops-full-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        var (code, output) = Run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", root);
        Assert.That(code, Is.Zero, "mounting a 1 MB tmpfs (needs root): " + output);
        mounted = true;
    }

    [TearDown]
    public void TearDown()
    {
        if (mounted)
        {
            Run("umount", root);
            mounted = false;
        }

        Directory.Delete(root, recursive: true);
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Steps_DiskFullMidOperation_LaterBeginsFailAndCompletingOnceThereIsSpaceKeepsEveryEnd(CancellationToken cancellationToken)
    {
        var store = new FileStateStore("file://.infra/state", root, "lab", StateSamples.Passphrase(), new FakeTimeProvider(StateSamples.Now));
        await using var stackLock = await store.AcquireLockAsync("dev", Alice, cancellationToken);
        var journal = (IBegunStepJournal)await store.BeginOperationAsync(stackLock, StackSnapshot.Empty, cancellationToken);

        // Two creates done, three begun (on disk) whose calls are still running when the disk fills.
        await StateSamples.RecordCreateAsync(journal, StateSamples.Domain("done-1"), cancellationToken);
        await StateSamples.RecordCreateAsync(journal, StateSamples.Domain("done-2"), cancellationToken);
        var running = new List<(PendingOperation Operation, BegunResource Begun, ResourceState Created)>();
        foreach (var name in new[] { "running-1", "running-2", "running-3" })
        {
            var created = StateSamples.Domain(name);
            var operation = new PendingOperation(created with { Id = null, Outputs = ObjectValue.Empty }, PendingOperationType.Creating);
            await journal.BeginStep(operation, out var begun);
            running.Add((operation, begun, created));
        }

        var filler = Path.Combine(root, "filler");
        Fill(filler);

        // Begins go on failing once one does (the journal's last page may still take a few).
        var refused = new List<(PendingOperation Operation, Exception Error)>();
        for (var i = 0; i < 200 && refused.Count == 0; i++)
        {
            var operation = new PendingOperation(StateSamples.Domain("late-" + i) with { Id = null, Outputs = ObjectValue.Empty }, PendingOperationType.Creating);
            var durable = journal.BeginStep(operation, out var begun);
            try
            {
                await durable;
                await journal.SucceedStep(operation, begun, StateSamples.Domain("late-" + i));
            }
            catch (IOException ex)
            {
                refused.Add((operation, ex));
            }
        }

        var after = new PendingOperation(StateSamples.Domain("after") with { Id = null, Outputs = ObjectValue.Empty }, PendingOperationType.Creating);
        var afterBegin = journal.BeginStep(after, out _);

        // The running calls end (the writer cannot write their ends), the refused steps fail, as the engine records them.
        foreach (var (operation, begun, created) in running)
        {
            await journal.SucceedStep(operation, begun, created);
        }

        foreach (var (operation, _) in refused)
        {
            await journal.FailStepAsync(operation, cancellationToken);
        }

        await journal.FailStepAsync(after, cancellationToken);
        File.Delete(filler);
        var completed = await journal.CompleteAsync(cancellationToken);
        var reloaded = await new FileStateStore("file://.infra/state", root, "lab", StateSamples.Passphrase(), new FakeTimeProvider(StateSamples.Now))
            .LoadAsync("dev", cancellationToken);

        var names = reloaded!.Resources.Select(r => r.Urn.Name).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(refused, Has.Count.EqualTo(1));
            Assert.That(refused[0].Error.Message, Does.Contain("space").IgnoreCase);
            Assert.That(afterBegin.IsFaulted, Is.True, "a begin after the failure is refused too");
            Assert.That(names, Does.Contain("done-1").And.Contain("done-2").And.Contain("running-1").And.Contain("running-2").And.Contain("running-3"));
            Assert.That(names, Does.Not.Contain("after").And.Not.Contain(refused[0].Operation.Resource.Urn.Name));
            Assert.That(reloaded.Resources.Single(r => r.Urn.Name == "running-3").Id, Is.EqualTo(running[2].Created.Id));
            Assert.That(reloaded.PendingOperations, Is.Empty);
            Assert.That(completed.Resources.Select(r => r.Urn.Name), Is.EqualTo(names));
        });
    }

    /// <summary>Writes <paramref name="path"/> until the file system has no block left.</summary>
    private static void Fill(string path)
    {
        var chunk = new byte[16 * 1024];
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0);
        try
        {
            while (true)
            {
                stream.Write(chunk);
            }
        }
        catch (IOException)
        {
            // Full: one chunk more would not fit; the last pages are filled too.
            for (var size = chunk.Length / 2; size >= 1; size /= 2)
            {
                try
                {
                    stream.Write(chunk.AsSpan(0, size));
                }
                catch (IOException)
                {
                }
            }
        }
    }

    private static (int Code, string Output) Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output);
    }
}
