using Infra.GitOps.Model;
using Infra.GitOps.Reconciler.Audit;
using Infra.GitOps.Reconciler.Decisions;
using Infra.GitOps.Reconciler.Outcomes;
using Infra.GitOps.Reconciler.Status;
using Infra.GitOps.Reconciler.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;

namespace Infra.GitOps.Reconciler.Tests;

/// <summary>The loop over scripted seams (commits, compiler, engine); <c>GitReconcileTests</c> runs it over real ones.</summary>
[Category("Integration")]
public class ReconcilerTests
{
    private TempDirectory directory = null!;
    private FakeTimeProvider time = null!;
    private ScriptedRepository repository = null!;
    private ScriptedRunner runner = null!;
    private LockingStateStore store = null!;
    private RecordingEventSink events = null!;
    private Reconciler reconciler = null!;

    [SetUp]
    public void SetUp()
    {
        directory = new TempDirectory();
        time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));
        repository = new ScriptedRepository();
        runner = new ScriptedRunner();
        store = new LockingStateStore();
        events = new RecordingEventSink();
        reconciler = Create();
    }

    [TearDown]
    public void TearDown() => directory.Dispose();

    private Reconciler Create() => new(
        new ReconcilerOptions { StateDirectory = directory.Path },
        repository,
        repository,
        store,
        runner,
        events,
        time,
        NullLogger<Reconciler>.Instance);

    [Test]
    [CancelAfter(20000)]
    public async Task RunPassAsync_NewCommit_AppliesItExactlyOnce(CancellationToken cancellationToken)
    {
        var head = repository.Commit("first", null, ScriptedRepository.Stack("dev"));

        var first = await reconciler.RunPassAsync(cancellationToken);
        var second = await reconciler.RunPassAsync(cancellationToken);
        var status = await reconciler.Statuses.LoadAsync("dev", cancellationToken);
        var history = await reconciler.GetHistoryAsync("dev", 10, cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(first.Outcomes.Single(), Is.InstanceOf<ReconcileSucceeded>());
            Assert.That(second.Outcomes.Single(), Is.EqualTo(new ReconcileSkipped("dev", SkipReason.UpToDate)));
            Assert.That(first.Succeeded && second.Succeeded, Is.True);
            Assert.That(runner.Applied("dev"), Is.EqualTo(new[] { head }));
            Assert.That(status!.LastAppliedRevision, Is.EqualTo(head));
            Assert.That(status.LastAttemptedRevision, Is.EqualTo(head));
            Assert.That(status.ObservedGeneration, Is.EqualTo(1));
            Assert.That(status.Is(ConditionTypes.Ready), Is.True);
            Assert.That(status.Is(ConditionTypes.Reconciling), Is.False);
            Assert.That(status.Outputs["db.password"], Is.EqualTo("[secret]"));
            Assert.That(status.Outputs["web.ipAddress"], Is.EqualTo("10.0.0.2"));
            Assert.That(history, Has.Count.EqualTo(1));
            Assert.That(history[0].Trigger, Is.EqualTo(ReconcileTrigger.BranchMoved));
            Assert.That(history[0].Steps.Select(s => s.Name), Is.EqualTo(new[] { "load", "refresh", "preview", "guards", "up" }));
            Assert.That(history[0].Commit!.Message, Is.EqualTo("first"));
            Assert.That(events.Events.Select(e => e.Reason), Is.EqualTo(new[] { Reasons.ReconcileSucceeded }));
        });
        Assert.That(await File.ReadAllTextAsync(Path.Combine(directory.Path, ".infra-gitops", "status", "dev.json"), cancellationToken), Does.Not.Contain("hunter2"));
    }

    [Test]
    [CancelAfter(20000)]
    public async Task RunPassAsync_TwoCommitsBetweenPasses_AppliesOnlyTheNewestAndListsTheSkipped(CancellationToken cancellationToken)
    {
        var first = repository.Commit("first", null, ScriptedRepository.Stack("dev"));
        await reconciler.RunPassAsync(cancellationToken);
        var skipped = repository.Commit("second", null, ScriptedRepository.Stack("dev"));
        var newest = repository.Commit("third", null, ScriptedRepository.Stack("dev"));

        await reconciler.RunPassAsync(cancellationToken);
        var history = await reconciler.GetHistoryAsync("dev", 10, cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(runner.Applied("dev"), Is.EqualTo(new[] { first, newest }));
            Assert.That(history[1].SkippedCommits.Select(c => c.Sha), Is.EqualTo(new[] { skipped }));
            Assert.That(history[1].Rewrite, Is.Null);
        });
    }

    [Test]
    [CancelAfter(20000)]
    public async Task RunPassAsync_MoveThatTouchesNoFileOfTheStack_SkipsItAndKeepsTheAppliedCommit(CancellationToken cancellationToken)
    {
        var first = repository.Commit("first", null, ScriptedRepository.Stack("dev"));
        await reconciler.RunPassAsync(cancellationToken);
        var docs = repository.Commit("docs", null, ScriptedRepository.Stack("dev"));
        var asked = new List<(string From, string To)>();
        repository.Touches = (from, to) =>
        {
            asked.Add((from, to));
            return false;
        };

        var pass = await reconciler.RunPassAsync(cancellationToken);
        var status = await reconciler.Statuses.LoadAsync("dev", cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(pass.Outcomes.Single(), Is.EqualTo(new ReconcileSkipped("dev", SkipReason.Unaffected)));
            Assert.That(runner.Applied("dev"), Is.EqualTo(new[] { first }));
            Assert.That(asked, Does.Contain((first, docs)));
            Assert.That(status!.LastAppliedRevision, Is.EqualTo(first));
            Assert.That(status.Is(ConditionTypes.Ready), Is.True);
        });
    }

    [Test]
    [CancelAfter(20000)]
    public async Task RunPassAsync_SourceCannotTellWhatAMoveTouched_RunsTheStack(CancellationToken cancellationToken)
    {
        var first = repository.Commit("first", null, ScriptedRepository.Stack("dev"));
        await reconciler.RunPassAsync(cancellationToken);
        var second = repository.Commit("second", null, ScriptedRepository.Stack("dev"));
        repository.Touches = (from, _) => throw new GitOpsException($"unknown revision {from}");

        var pass = await reconciler.RunPassAsync(cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(pass.Outcomes.Single(), Is.InstanceOf<ReconcileSucceeded>(), string.Join("; ", pass.Outcomes));
            Assert.That(runner.Applied("dev"), Is.EqualTo(new[] { first, second }));
        });
    }

    [Test]
    [CancelAfter(20000)]
    public async Task RunPassAsync_FailedStackAndAMoveThatTouchesNone_RetriesOnTheNewHead(CancellationToken cancellationToken)
    {
        // Only a successful apply lets a move be filtered: after a failure the new head is the fix to try.
        var first = repository.Commit("first", null, ScriptedRepository.Stack("dev"));
        runner.FailUpWith = "create web: quota exceeded";
        await reconciler.RunPassAsync(cancellationToken);
        runner.FailUpWith = null;
        var second = repository.Commit("second", null, ScriptedRepository.Stack("dev"));
        repository.Touches = (_, _) => false;

        var pass = await reconciler.RunPassAsync(cancellationToken);
        var status = await reconciler.Statuses.LoadAsync("dev", cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(pass.Outcomes.Single(), Is.InstanceOf<ReconcileSucceeded>(), string.Join("; ", pass.Outcomes));
            Assert.That(runner.Applied("dev"), Is.EqualTo(new[] { first, second }));
            Assert.That(status!.LastAppliedRevision, Is.EqualTo(second));
        });
    }

    [Test]
    [CancelAfter(20000)]
    public async Task RunPassAsync_StacksThatDependOnEachOther_FinishThePassWithoutRunningEither(CancellationToken cancellationToken)
    {
        // The loader reports such a cycle as an error; the loop must still never wait on it.
        repository.Commit(
            "cycle",
            null,
            ScriptedRepository.Stack("net", new ReconcileSettings { DependsOn = ["web"] }),
            ScriptedRepository.Stack("web", new ReconcileSettings { DependsOn = ["net"] }));

        var pass = await reconciler.RunPassAsync(cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(pass.Outcomes, Is.EqualTo(new[]
            {
                new ReconcileSkipped("net", SkipReason.DependencyNotReady),
                new ReconcileSkipped("web", SkipReason.DependencyNotReady),
            }));
            Assert.That(runner.Calls, Is.Empty);
        });
    }

    [Test]
    [CancelAfter(20000)]
    public async Task RunPassAsync_InvalidCommit_StallsWithDiagnosticsThenTheFixIsApplied(CancellationToken cancellationToken)
    {
        var good = repository.Commit("good", null, ScriptedRepository.Stack("dev"));
        await reconciler.RunPassAsync(cancellationToken);
        var diagnostic = Diagnostic.Error("GO1001", "unknown property 'cidr_blok'", new SourceLocation("infra/network.yaml", 12, 7));
        repository.Commit("broken", null, ScriptedRepository.Invalid("dev", diagnostic));

        var broken = await reconciler.RunPassAsync(cancellationToken);
        var again = await reconciler.RunPassAsync(cancellationToken);
        var stalled = await reconciler.Statuses.LoadAsync("dev", cancellationToken);
        var fix = repository.Commit("fix", null, ScriptedRepository.Stack("dev"));
        var fixedPass = await reconciler.RunPassAsync(cancellationToken);
        var healed = await reconciler.Statuses.LoadAsync("dev", cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(broken.Outcomes.Single(), Is.InstanceOf<ReconcileStalled>().With.Property("Reason").EqualTo(Reasons.SpecInvalid));
            Assert.That(broken.Succeeded, Is.False);
            Assert.That(again.Outcomes.Single(), Is.EqualTo(new ReconcileSkipped("dev", SkipReason.Stalled)));
            Assert.That(stalled!.Is(ConditionTypes.Stalled), Is.True);
            Assert.That(stalled.Condition(ConditionTypes.Stalled)!.Reason, Is.EqualTo(Reasons.SpecInvalid));
            Assert.That(stalled.Diagnostics, Is.EqualTo(new[] { "infra/network.yaml:12:7: error GO1001: unknown property 'cidr_blok'" }));
            Assert.That(stalled.LastAppliedRevision, Is.EqualTo(good));
            Assert.That(fixedPass.Outcomes.Single(), Is.InstanceOf<ReconcileSucceeded>());
            Assert.That(runner.Applied("dev"), Is.EqualTo(new[] { good, fix }));
            Assert.That(healed!.Is(ConditionTypes.Ready), Is.True);
            Assert.That(healed.Is(ConditionTypes.Stalled), Is.False);
            Assert.That(healed.Diagnostics, Is.Empty);
        });
    }

    [Test]
    [CancelAfter(20000)]
    public async Task RunPassAsync_TooManyDeletes_RefusesUntilOverridden(CancellationToken cancellationToken)
    {
        repository.Commit("shrink", null, ScriptedRepository.Stack("dev", new ReconcileSettings { MaxDeletes = 1 }));
        runner.Deletes = ["urn:a", "urn:b"];

        var refused = await reconciler.RunPassAsync(cancellationToken);
        await reconciler.RequestReconcileAsync("dev", overrideDeleteLimit: true, cancellationToken);
        var overridden = await reconciler.RunPassAsync(cancellationToken);
        var history = await reconciler.GetHistoryAsync("dev", 10, cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(refused.Outcomes.Single(), Is.InstanceOf<ReconcileStalled>().With.Property("Reason").EqualTo(Reasons.DeleteLimitExceeded));
            Assert.That(history[0].Steps.Single(s => s.Name == "guards").Outcome, Is.EqualTo(AuditStepOutcome.Refused));
            Assert.That(overridden.Outcomes.Single(), Is.InstanceOf<ReconcileSucceeded>());
            Assert.That(history[1].Trigger, Is.EqualTo(ReconcileTrigger.Manual));
            Assert.That(runner.Applied("dev").Count(), Is.EqualTo(1));
        });
    }

    [Test]
    [CancelAfter(20000)]
    public async Task RunPassAsync_ApplyFails_BacksOffThenRetries(CancellationToken cancellationToken)
    {
        repository.Commit("first", null, ScriptedRepository.Stack("dev"));
        runner.FailUpWith = "create web: quota exceeded";

        var failed = await reconciler.RunPassAsync(cancellationToken);
        var status = await reconciler.Statuses.LoadAsync("dev", cancellationToken);
        var failedAt = time.GetUtcNow();
        var waiting = await reconciler.RunPassAsync(cancellationToken);
        time.Advance(TimeSpan.FromSeconds(34)); // 30 s x (1 +- 10 %)
        runner.FailUpWith = null;
        var retried = await reconciler.RunPassAsync(cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(failed.Outcomes.Single(), Is.InstanceOf<ReconcileTransient>().With.Property("Reason").EqualTo(Reasons.ApplyFailed));
            Assert.That(status!.Failures, Is.EqualTo(1));
            Assert.That(status.NextRetryAt!.Value - failedAt, Is.InRange(TimeSpan.FromSeconds(27), TimeSpan.FromSeconds(33)));
            Assert.That(status.Condition(ConditionTypes.Reconciling)!.Reason, Is.EqualTo(Reasons.ProgressingWithRetry));
            Assert.That(status.LastAppliedRevision, Is.Null);
            Assert.That(waiting.Outcomes.Single(), Is.InstanceOf<ReconcileSkipped>().With.Property("Reason").EqualTo(SkipReason.BackingOff));
            Assert.That(retried.Outcomes.Single(), Is.InstanceOf<ReconcileSucceeded>().With.Property("Trigger").EqualTo(ReconcileTrigger.Retry));
            Assert.That(events.Events.Select(e => e.Reason), Is.EqualTo(new[] { Reasons.ApplyFailed, Reasons.ReconcileSucceeded }));
        });
    }

    [Test]
    [CancelAfter(20000)]
    public async Task RunPassAsync_LockHeldElsewhere_WaitsAndAppliesNothing(CancellationToken cancellationToken)
    {
        repository.Commit("first", null, ScriptedRepository.Stack("dev"));
        store.HoldElsewhere("dev");

        var pass = await reconciler.RunPassAsync(cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(pass.Outcomes.Single(), Is.InstanceOf<ReconcileWaiting>().With.Property("Reason").EqualTo(Reasons.LockHeld));
            Assert.That(runner.Calls, Is.Empty);
        });
    }

    [Test]
    [CancelAfter(20000)]
    public async Task RunPassAsync_Suspended_TouchesNothing(CancellationToken cancellationToken)
    {
        repository.Commit("first", null, ScriptedRepository.Stack("dev", new ReconcileSettings { Suspend = true }), ScriptedRepository.Stack("prod"));

        var pass = await reconciler.RunPassAsync(cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(pass.Outcomes.Select(o => o.GetType().Name), Is.EqualTo(new[] { nameof(ReconcileSkipped), nameof(ReconcileSucceeded) }));
            Assert.That(runner.Calls.Select(c => c.Stack).Distinct(), Is.EqualTo(new[] { "prod" }));
        });
    }

    [Test]
    [CancelAfter(20000)]
    public async Task RunPassAsync_ForcePush_AppliesTheNewHeadAndRecordsTheRewrite(CancellationToken cancellationToken)
    {
        var root = repository.Commit("root", null, ScriptedRepository.Stack("dev"));
        var old = repository.Commit("old", null, ScriptedRepository.Stack("dev"));
        await reconciler.RunPassAsync(cancellationToken);
        var rewritten = repository.Commit("rewritten", root, ScriptedRepository.Stack("dev"));

        await reconciler.RunPassAsync(cancellationToken);
        var history = await reconciler.GetHistoryAsync("dev", 10, cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(runner.Applied("dev"), Is.EqualTo(new[] { old, rewritten }));
            Assert.That(history[1].Rewrite, Is.EqualTo(new HistoryRewrite(old, rewritten)));
            Assert.That(events.Events.Select(e => e.Reason), Does.Contain(Reasons.HistoryRewritten));
        });
    }

    [Test]
    [CancelAfter(20000)]
    public async Task RunPassAsync_DriftScheduleDue_RecordsDriftWithoutApplying(CancellationToken cancellationToken)
    {
        var settings = new ReconcileSettings { DriftSchedule = "*/30 * * * *" };
        var head = repository.Commit("first", null, ScriptedRepository.Stack("dev", settings));
        await reconciler.RunPassAsync(cancellationToken);
        time.Advance(TimeSpan.FromMinutes(31));
        runner.Changes = new ChangeCountsBuilder().Update(1);

        var drift = await reconciler.RunPassAsync(cancellationToken);
        var status = await reconciler.Statuses.LoadAsync("dev", cancellationToken);
        var history = await reconciler.GetHistoryAsync("dev", 10, cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(drift.Outcomes.Single(), Is.InstanceOf<ReconcileSucceeded>().With.Property("Drifted").True);
            Assert.That(status!.Is(ConditionTypes.Drifted), Is.True);
            Assert.That(status.LastDriftCheckAt, Is.EqualTo(time.GetUtcNow()));
            Assert.That(runner.Applied("dev"), Is.EqualTo(new[] { head }));
            Assert.That(history[1].Trigger, Is.EqualTo(ReconcileTrigger.Schedule));
            Assert.That(history[1].Reason, Is.EqualTo(Reasons.DriftDetected));
            Assert.That(runner.Calls.Count(c => c.Operation == "refresh"), Is.EqualTo(1), "a drift check refreshes");
        });
    }

    [Test]
    [CancelAfter(20000)]
    public async Task RunPassAsync_DriftWithRemediation_CorrectsItByUp(CancellationToken cancellationToken)
    {
        var settings = new ReconcileSettings { DriftSchedule = "*/30 * * * *", DriftRemediation = true };
        var head = repository.Commit("first", null, ScriptedRepository.Stack("dev", settings));
        await reconciler.RunPassAsync(cancellationToken);
        time.Advance(TimeSpan.FromMinutes(31));

        await reconciler.RunPassAsync(cancellationToken);
        var status = await reconciler.Statuses.LoadAsync("dev", cancellationToken);
        var history = await reconciler.GetHistoryAsync("dev", 10, cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(runner.Applied("dev"), Is.EqualTo(new[] { head, head }));
            Assert.That(history[1].Trigger, Is.EqualTo(ReconcileTrigger.Drift));
            Assert.That(history[1].Reason, Is.EqualTo(Reasons.DriftRemediated));
            Assert.That(status!.Condition(ConditionTypes.Drifted)!.Status, Is.False);
        });
    }

    [Test]
    [CancelAfter(20000)]
    public async Task RunPassAsync_Rollback_AppliesTheOldCommitAndHoldsItUntilTheBranchMoves(CancellationToken cancellationToken)
    {
        var v1 = repository.Commit("v1", null, ScriptedRepository.Stack("dev"));
        await reconciler.RunPassAsync(cancellationToken);
        var v2 = repository.Commit("v2", null, ScriptedRepository.Stack("dev"));
        await reconciler.RunPassAsync(cancellationToken);

        await reconciler.RequestRollbackAsync("dev", v1, cancellationToken);
        await reconciler.RunPassAsync(cancellationToken);
        var held = await reconciler.RunPassAsync(cancellationToken);
        var v3 = repository.Commit("v3", null, ScriptedRepository.Stack("dev"));
        await reconciler.RunPassAsync(cancellationToken);
        var history = await reconciler.GetHistoryAsync("dev", 10, cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(runner.Applied("dev"), Is.EqualTo(new[] { v1, v2, v1, v3 }));
            Assert.That(held.Outcomes.Single(), Is.EqualTo(new ReconcileSkipped("dev", SkipReason.UpToDate)));
            Assert.That(history[2].Trigger, Is.EqualTo(ReconcileTrigger.Rollback));
            Assert.That(history[2].Reason, Is.EqualTo(Reasons.RolledBack));
        });
    }

    [Test]
    [CancelAfter(20000)]
    public async Task RunPassAsync_TwoReconcilersAtOnce_ApplyTheHeadOnce(CancellationToken cancellationToken)
    {
        var head = repository.Commit("first", null, ScriptedRepository.Stack("dev"));
        var other = Create();
        var gate = new TaskCompletionSource();
        Task<ReconcilePassResult>? second = null;
        runner.DuringUp = async () =>
        {
            // While the first reconciler applies, the second runs a whole pass.
            runner.DuringUp = null;
            second = other.RunPassAsync(cancellationToken);
            await second;
            gate.SetResult();
        };

        var first = await reconciler.RunPassAsync(cancellationToken);
        await gate.Task;
        var third = await other.RunPassAsync(cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(runner.Applied("dev"), Is.EqualTo(new[] { head }));
            Assert.That(first.Outcomes.Single(), Is.InstanceOf<ReconcileSucceeded>());
            Assert.That(second!.Result.Outcomes.Single(), Is.InstanceOf<ReconcileWaiting>());
            Assert.That(third.Outcomes.Single(), Is.EqualTo(new ReconcileSkipped("dev", SkipReason.UpToDate)));
        });
    }

    [Test]
    [CancelAfter(20000)]
    public async Task RunPassAsync_StoppedDuringUp_RecordsInterruptedAndRunsAgainAtOnce(CancellationToken cancellationToken)
    {
        var head = repository.Commit("first", null, ScriptedRepository.Stack("dev"));
        using var stop = new CancellationTokenSource();

        // The engine's answer to a stop during up: steps in flight finished and saved, the rest not started.
        runner.FailUpWith = "cancelled";
        runner.DuringUp = () => stop.CancelAsync();

        Assert.That(async () => await reconciler.RunPassAsync(stop.Token), Throws.InstanceOf<OperationCanceledException>());
        var interrupted = await reconciler.Statuses.LoadAsync("dev", cancellationToken);
        runner.FailUpWith = null;
        runner.DuringUp = null;
        var next = await reconciler.RunPassAsync(cancellationToken);
        var history = await reconciler.GetHistoryAsync("dev", 10, cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(interrupted!.Result, Is.EqualTo(ReconcileResult.Failed));
            Assert.That(interrupted.Reason, Is.EqualTo(Reasons.Interrupted));
            Assert.That(interrupted.NextRetryAt, Is.EqualTo(time.GetUtcNow()), "no backoff after a stop");
            Assert.That(interrupted.LastAppliedRevision, Is.Null);
            Assert.That(next.Outcomes.Single(), Is.InstanceOf<ReconcileSucceeded>());
            Assert.That(runner.Applied("dev"), Is.EqualTo(new[] { head, head }));
            Assert.That(history.Select(h => h.Reason), Is.EqualTo(new[] { Reasons.Interrupted, Reasons.ReconcileSucceeded }));
        });
    }

    [Test]
    [CancelAfter(20000)]
    public async Task RunPassAsync_StoppedDuringPreview_RecordsInterruptedAndAppliesNothing(CancellationToken cancellationToken)
    {
        repository.Commit("first", null, ScriptedRepository.Stack("dev"));
        using var stop = new CancellationTokenSource();
        runner.DuringPreview = async token =>
        {
            await stop.CancelAsync();
            token.ThrowIfCancellationRequested();
        };

        Assert.That(async () => await reconciler.RunPassAsync(stop.Token), Throws.InstanceOf<OperationCanceledException>());
        var status = await reconciler.Statuses.LoadAsync("dev", cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(status!.Reason, Is.EqualTo(Reasons.Interrupted));
            Assert.That(status.Message, Does.Contain("preview"));
            Assert.That(status.Result, Is.EqualTo(ReconcileResult.Failed));
            Assert.That(status.NextRetryAt, Is.EqualTo(time.GetUtcNow()));
            Assert.That(runner.Applied("dev"), Is.Empty);
        });
    }

    [Test]
    [CancelAfter(20000)]
    public async Task RunPassAsync_OneStack_LeavesTheOthersAlone(CancellationToken cancellationToken)
    {
        var head = repository.Commit("first", null, ScriptedRepository.Stack("dev"), ScriptedRepository.Stack("prod"));

        var pass = await reconciler.RunPassAsync("prod", cancellationToken);
        var missing = await reconciler.RunPassAsync("staging", cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(pass.Outcomes.Select(o => o.Stack), Is.EqualTo(new[] { "prod" }));
            Assert.That(runner.Applied("prod"), Is.EqualTo(new[] { head }));
            Assert.That(runner.Applied("dev"), Is.Empty);
            Assert.That(missing.Outcomes, Is.Empty);
        });
    }
}
