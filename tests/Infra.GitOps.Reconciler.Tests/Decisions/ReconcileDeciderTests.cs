using Infra.GitOps.Model;
using Infra.GitOps.Reconciler.Decisions;
using Infra.GitOps.Reconciler.Requests;
using Infra.GitOps.Reconciler.Status;
using NUnit.Framework;

namespace Infra.GitOps.Reconciler.Tests.Decisions;

public class ReconcileDeciderTests
{
    private const string A = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    private const string B = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    private const string C = "cccccccccccccccccccccccccccccccccccccccc";
    private const string R = "1111111111111111111111111111111111111111";
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 10, 0, TimeSpan.Zero);

    public sealed record DecisionCase(string Name, DecisionInput Input, ReconcileDecision Expected)
    {
        public override string ToString() => Name;
    }

    private static StackStatus Applied(string revision) => new()
    {
        Stack = "dev",
        LastAttemptedRevision = revision,
        LastAppliedRevision = revision,
        Result = ReconcileResult.Succeeded,
        LastAttemptAt = Now.AddMinutes(-5),
        LastAppliedAt = Now.AddMinutes(-5),
    };

    private static StackStatus Failed(string attempted, int failures, DateTimeOffset? retryAt) => Applied(A) with
    {
        LastAttemptedRevision = attempted,
        Result = ReconcileResult.Failed,
        Failures = failures,
        NextRetryAt = retryAt,
        LastAttemptAt = Now.AddSeconds(-20),
    };

    private static StackStatus Stalled(string attempted) => Applied(A) with { LastAttemptedRevision = attempted, Result = ReconcileResult.Stalled };

    private static readonly ReconcileSettings Plain = ReconcileSettings.Default;
    private static readonly ReconcileSettings Suspended = new() { Suspend = true };
    private static readonly ReconcileSettings Drift = new() { DriftSchedule = "*/30 * * * *" };
    private static readonly ReconcileSettings PreviewOnly = new() { PreviewOnly = true };

    private static ReconcileRequest Manual(string id = "m1") => new(id, "dev", ReconcileRequestKind.Manual, null, Now);

    private static ReconcileRequest Rollback(string revision) => new("r1", "dev", ReconcileRequestKind.Rollback, revision, Now);

    private static IEnumerable<DecisionCase> Cases()
    {
        yield return new("never seen: run the head", new(null, A, Plain, Now), new RunStack(ReconcileTrigger.BranchMoved, A));
        yield return new("applied and head unchanged: up to date", new(Applied(A), A, Plain, Now), new SkipStack(SkipReason.UpToDate));
        yield return new("head moved: run the new head", new(Applied(A), B, Plain, Now), new RunStack(ReconcileTrigger.BranchMoved, B));
        yield return new("previewOnly, head previewed: up to date", new(Applied(A) with { LastAttemptedRevision = B }, B, PreviewOnly, Now), new SkipStack(SkipReason.UpToDate));
        yield return new("previewOnly, head moved since the preview: run", new(Applied(A) with { LastAttemptedRevision = B }, C, PreviewOnly, Now), new RunStack(ReconcileTrigger.BranchMoved, C));
        yield return new("previewOnly, never applied, head previewed: up to date", new(Applied(A) with { LastAppliedRevision = null }, A, PreviewOnly, Now), new SkipStack(SkipReason.UpToDate));
        yield return new("suspended: skip even when the head moved", new(Applied(A), B, Suspended, Now), new SkipStack(SkipReason.Suspended));
        yield return new("suspended: skip a manual request too", new(Applied(A), A, Suspended, Now, Manual()), new SkipStack(SkipReason.Suspended));
        yield return new("suspended and never seen: skip", new(null, A, Suspended, Now), new SkipStack(SkipReason.Suspended));
        yield return new("failed, backoff not passed: back off", new(Failed(B, 1, Now.AddSeconds(10)), B, Plain, Now), new SkipStack(SkipReason.BackingOff, Now.AddSeconds(10)));
        yield return new("failed, backoff passed: retry", new(Failed(B, 1, Now.AddSeconds(-1)), B, Plain, Now), new RunStack(ReconcileTrigger.Retry, B));
        yield return new("failed, backoff exactly now: retry", new(Failed(B, 2, Now), B, Plain, Now), new RunStack(ReconcileTrigger.Retry, B));
        yield return new("failed, head moved: run at once", new(Failed(B, 3, Now.AddHours(1)), C, Plain, Now), new RunStack(ReconcileTrigger.BranchMoved, C));
        yield return new(
            "failed without a retry time: 10s x 3^1 after the attempt",
            new(Failed(B, 1, null), B, Plain, Now),
            new SkipStack(SkipReason.BackingOff, Now.AddSeconds(-20) + TimeSpan.FromSeconds(30)));
        yield return new(
            "waiting, delay not passed: wait",
            new(Failed(B, 0, Now.AddSeconds(5)) with { Result = ReconcileResult.Waiting }, B, Plain, Now),
            new SkipStack(SkipReason.Waiting, Now.AddSeconds(5)));
        yield return new(
            "waiting, delay passed: retry",
            new(Failed(B, 0, Now.AddSeconds(-5)) with { Result = ReconcileResult.Waiting }, B, Plain, Now),
            new RunStack(ReconcileTrigger.Retry, B));
        yield return new("stalled, same head: needs a human", new(Stalled(B), B, Plain, Now), new SkipStack(SkipReason.Stalled));
        yield return new("stalled, new head: run it", new(Stalled(B), C, Plain, Now), new RunStack(ReconcileTrigger.BranchMoved, C));
        yield return new("stalled, manual request: run", new(Stalled(B), B, Plain, Now, Manual()), new RunStack(ReconcileTrigger.Manual, B));
        yield return new("backing off, manual request: run", new(Failed(B, 1, Now.AddHours(1)), B, Plain, Now, Manual()), new RunStack(ReconcileTrigger.Manual, B));
        yield return new("up to date, manual request: run", new(Applied(A), A, Plain, Now, Manual()), new RunStack(ReconcileTrigger.Manual, A));
        yield return new(
            "manual request already handled: up to date",
            new(Applied(A) with { LastHandledRequest = "m1" }, A, Plain, Now, Manual("m1")),
            new SkipStack(SkipReason.UpToDate));
        yield return new("rollback request: run the older commit", new(Applied(A), A, Plain, Now, Rollback(R)), new RunStack(ReconcileTrigger.Rollback, R));
        yield return new(
            "rollback held while the branch stays: up to date",
            new(Applied(R) with { Rollback = new RollbackHold(R, A) }, A, Plain, Now),
            new SkipStack(SkipReason.UpToDate));
        yield return new(
            "rollback released when the branch moves",
            new(Applied(R) with { Rollback = new RollbackHold(R, A) }, B, Plain, Now),
            new RunStack(ReconcileTrigger.BranchMoved, B));
        yield return new(
            "drift schedule due: drift check at the last applied commit",
            new(Applied(A) with { LastDriftCheckAt = Now.AddMinutes(-41) }, A, Drift, Now),
            new RunStack(ReconcileTrigger.Schedule, A));
        yield return new(
            "drift schedule not due yet",
            new(Applied(A) with { LastDriftCheckAt = Now.AddMinutes(-9) }, A, Drift, Now),
            new SkipStack(SkipReason.UpToDate));
        yield return new(
            "drift schedule counted from the last apply when never checked",
            new(Applied(A) with { LastAppliedAt = Now.AddMinutes(-45) }, A, Drift, Now),
            new RunStack(ReconcileTrigger.Schedule, A));
        yield return new(
            "head moved beats a due drift check",
            new(Applied(A) with { LastDriftCheckAt = Now.AddHours(-2) }, B, Drift, Now),
            new RunStack(ReconcileTrigger.BranchMoved, B));
        yield return new(
            "unparsable drift schedule: no drift checks",
            new(Applied(A) with { LastDriftCheckAt = Now.AddDays(-1) }, A, new ReconcileSettings { DriftSchedule = "every tuesday" }, Now),
            new SkipStack(SkipReason.UpToDate));
        yield return new(
            "failed: no drift check while backing off",
            new(Failed(A, 1, Now.AddMinutes(1)) with { LastDriftCheckAt = Now.AddDays(-1) }, A, Drift, Now),
            new SkipStack(SkipReason.BackingOff, Now.AddMinutes(1)));
    }

    [TestCaseSource(nameof(Cases))]
    public void Decide_Case_ReturnsExpectedDecision(DecisionCase decisionCase)
    {
        Assert.That(ReconcileDecider.Decide(decisionCase.Input), Is.EqualTo(decisionCase.Expected));
    }

    [Test]
    public void Decide_FailedWithoutRetryTime_UsesTheInputsBackoff()
    {
        var input = new DecisionInput(Failed(B, 2, null), B, Plain, Now) { Backoff = new BackoffPolicy { Base = TimeSpan.FromSeconds(1), Factor = 2 } };

        var decision = ReconcileDecider.Decide(input);

        Assert.That(decision, Is.EqualTo(new RunStack(ReconcileTrigger.Retry, B)), "1 s x 2^2 = 4 s after an attempt 20 s ago has passed");
    }

    [Test]
    public void DesiredRevision_RollbackHeldOnOtherHead_IsTheHead()
    {
        var status = Applied(R) with { Rollback = new RollbackHold(R, A) };

        Assert.Multiple(() =>
        {
            Assert.That(ReconcileDecider.DesiredRevision(status, A), Is.EqualTo(R));
            Assert.That(ReconcileDecider.DesiredRevision(status, B), Is.EqualTo(B));
            Assert.That(ReconcileDecider.DesiredRevision(null, B), Is.EqualTo(B));
        });
    }
}
