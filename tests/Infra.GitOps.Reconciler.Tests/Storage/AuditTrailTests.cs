using Infra.GitOps.Reconciler.Audit;
using Infra.GitOps.Reconciler.Decisions;
using Infra.GitOps.Reconciler.Sources;
using Infra.GitOps.Reconciler.Status;
using Infra.GitOps.Reconciler.Storage;
using Infra.GitOps.Reconciler.Tests.Support;
using NUnit.Framework;

namespace Infra.GitOps.Reconciler.Tests.Storage;

[Category("Integration")]
public class AuditTrailTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    private static AuditEntry Entry(int i) => new()
    {
        Time = Now.AddMinutes(i),
        Stack = "dev",
        Commit = new CommitSummary($"{i:D40}", "Ann <ann@example.org>", $"change {i}"),
        Trigger = ReconcileTrigger.BranchMoved,
        Result = ReconcileResult.Succeeded,
        Reason = Reasons.ReconcileSucceeded,
        Steps = [new AuditStep("up", AuditStepOutcome.Succeeded, "+1", 12)],
        SkippedCommits = [new CommitSummary("s", "Bob", "skipped")],
        Rewrite = i == 2 ? new HistoryRewrite("old", "new") : null,
    };

    [Test]
    [CancelAfter(10000)]
    public async Task AppendAsync_Twice_AppendsTwoLinesInOrder(CancellationToken cancellationToken)
    {
        using var directory = new TempDirectory();
        var paths = new ReconcilerPaths(directory.Path);
        var trail = new AuditTrail(paths);

        await trail.AppendAsync(Entry(1), cancellationToken);
        var afterOne = await File.ReadAllTextAsync(paths.AuditFile("dev"), cancellationToken);
        await trail.AppendAsync(Entry(2), cancellationToken);
        var afterTwo = await File.ReadAllTextAsync(paths.AuditFile("dev"), cancellationToken);
        var read = await trail.ReadAsync("dev", 100, cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(afterTwo, Does.StartWith(afterOne), "append-only: the first line is never rewritten");
            Assert.That(afterTwo.Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(2));
            Assert.That(read.Select(e => e.Commit!.Message), Is.EqualTo(new[] { "change 1", "change 2" }));
            Assert.That(read[1].Rewrite, Is.EqualTo(new HistoryRewrite("old", "new")));
            Assert.That(read[0].SkippedCommits.Single().Message, Is.EqualTo("skipped"));
            Assert.That(afterOne, Does.Contain("\"trigger\":\"BranchMoved\""));
        });
    }

    [Test]
    [CancelAfter(10000)]
    public async Task ReadAsync_TornLastLine_SkipsOnlyIt(CancellationToken cancellationToken)
    {
        using var directory = new TempDirectory();
        var paths = new ReconcilerPaths(directory.Path);
        var trail = new AuditTrail(paths);
        await trail.AppendAsync(Entry(1), cancellationToken);
        await File.AppendAllTextAsync(paths.AuditFile("dev"), "{\"time\":\"2026-", cancellationToken);

        var read = await trail.ReadAsync("dev", 100, cancellationToken);

        Assert.That(read.Select(e => e.Commit!.Message), Is.EqualTo(new[] { "change 1" }));
    }

    [Test]
    [CancelAfter(10000)]
    public async Task ReadAsync_Limit_ReturnsTheNewest(CancellationToken cancellationToken)
    {
        using var directory = new TempDirectory();
        var trail = new AuditTrail(new ReconcilerPaths(directory.Path));
        for (var i = 1; i <= 5; i++)
        {
            await trail.AppendAsync(Entry(i), cancellationToken);
        }

        var read = await trail.ReadAsync("dev", 2, cancellationToken);

        Assert.That(read.Select(e => e.Commit!.Message), Is.EqualTo(new[] { "change 4", "change 5" }));
    }
}
