using Infra.GitOps.Reconciler.Decisions;
using Infra.GitOps.Reconciler.Storage;
using NUnit.Framework;

namespace Infra.GitOps.Cli.Tests;

/// <summary>
/// <c>rollback --stack S --to COMMIT</c> for real: a bare repository as the remote, a small lab on the real libvirt
/// daemon. The older commit's version of the stack is applied, recorded with the trigger Rollback, and held until
/// the branch moves.
/// </summary>
[Category("Integration")]
[NonParallelizable]
public class RollbackCommandTests
{
    private string _work = null!;
    private string _remote = null!;
    private string _first = null!;
    private string _state = null!;
    private string _cache = null!;

    [SetUp]
    public void SetUp()
    {
        (_work, _remote, _first, var project) = CliRun.CreateNetworkLabWithRemote();
        _state = Path.Combine(_work, ".infra", "state");
        _cache = Path.Combine(Path.GetTempPath(), "igt-cache-" + project);
    }

    [TearDown]
    public async Task TearDown()
    {
        await CliRun.RunAsync("destroy", "--repo", _work, "--stack", "lab", "--yes");
        CliRun.DeleteDirectories(_work, _remote, _cache);
    }

    private string[] Remote => ["--repo", _remote, "--branch", "main", "--state-dir", _state, "--cache-dir", _cache];

    [Test]
    [CancelAfter(240_000)]
    public async Task Rollback_ToAnOlderCommit_AppliesItRecordsItAndHoldsItUntilTheBranchMoves()
    {
        var applyFirst = await CliRun.RunAsync(["reconcile", "--once", .. Remote]);
        var second = CliRun.CommitAndPush(_work, "a disk", new Dictionary<string, string> { ["infra/disk.yaml"] = CliRun.Disk("web-data") });
        var applySecond = await CliRun.RunAsync(["reconcile", "--once", .. Remote]);
        var withDisk = await CliRun.RunAsync("stack", "resources", "--repo", _work, "--stack", "lab");

        var rollback = await CliRun.RunAsync(["rollback", "--stack", "lab", "--to", _first[..10], .. Remote]);
        var afterRollback = await CliRun.RunAsync("stack", "resources", "--repo", _work, "--stack", "lab");
        var held = await CliRun.RunAsync(["reconcile", "--once", .. Remote]);
        var status = await new StatusStore(new ReconcilerPaths(_state)).LoadAsync("lab", CancellationToken.None);
        var history = await new AuditTrail(new ReconcilerPaths(_state)).ReadAsync("lab", 10, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(applyFirst.ExitCode, Is.EqualTo(ExitCodes.Success), applyFirst.Output + applyFirst.Error);
            Assert.That(applySecond.ExitCode, Is.EqualTo(ExitCodes.Success), applySecond.Output + applySecond.Error);
            Assert.That(withDisk.Output, Does.Contain("web-data"));
            Assert.That(rollback.ExitCode, Is.EqualTo(ExitCodes.Success), rollback.Output + rollback.Error);
            Assert.That(rollback.Output, Does.Contain("Rollback"));
            Assert.That(afterRollback.Output, Does.Not.Contain("web-data"), afterRollback.Output);
            Assert.That(held.Output, Does.Contain("UpToDate"), "the rollback holds while the branch stays at " + second);
            Assert.That(status?.LastAppliedRevision, Is.EqualTo(_first));
            Assert.That(history[^1].Trigger, Is.EqualTo(ReconcileTrigger.Rollback));
            Assert.That(history[^1].Commit?.Sha, Is.EqualTo(_first));
        });
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Rollback_UnknownCommit_FailsWithTheRevisionNamed()
    {
        var result = await CliRun.RunAsync(["rollback", "--stack", "lab", "--to", "deadbeefdeadbeef", .. Remote]);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Failed));
            Assert.That(result.Error, Does.Contain("deadbeefdeadbeef"));
        });
    }
}
