using System.Collections.Immutable;
using Infra.GitOps.Reconciler.Status;
using Infra.GitOps.Reconciler.Storage;
using Infra.GitOps.Reconciler.Tests.Support;
using NUnit.Framework;

namespace Infra.GitOps.Reconciler.Tests.Storage;

[Category("Integration")]
public class StatusStoreTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    [Test]
    [CancelAfter(10000)]
    public async Task SaveAsync_ThenLoadAsync_RoundTripsEveryField(CancellationToken cancellationToken)
    {
        using var directory = new TempDirectory();
        var store = new StatusStore(new ReconcilerPaths(directory.Path));
        var status = new StackStatus
        {
            Stack = "dev",
            LastAttemptedRevision = "b",
            LastAppliedRevision = "a",
            Generation = 3,
            ObservedGeneration = 3,
            DesiredRevision = "b",
            Result = ReconcileResult.Failed,
            Reason = Reasons.ApplyFailed,
            Message = "boom",
            Failures = 2,
            LastAttemptAt = Now,
            NextRetryAt = Now.AddSeconds(90),
            Rollback = new RollbackHold("r", "h"),
            Diagnostics = ["stacks/dev.yaml:3:5: error GO1001: x"],
            Outputs = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("web.password", "[secret]")]),
            Durations = new RunDurations(1, 2, 3, 4, 10),
        }.WithCondition(ConditionTypes.Ready, false, Reasons.ApplyFailed, "boom", Now);

        await store.SaveAsync(status, cancellationToken);
        var loaded = await store.LoadAsync("dev", cancellationToken);

        Assert.That(loaded, Is.Not.Null);
        Assert.Multiple(() =>
        {
            Assert.That(loaded!.LastAttemptedRevision, Is.EqualTo("b"));
            Assert.That(loaded.LastAppliedRevision, Is.EqualTo("a"));
            Assert.That(loaded.ObservedGeneration, Is.EqualTo(3));
            Assert.That(loaded.Result, Is.EqualTo(ReconcileResult.Failed));
            Assert.That(loaded.Failures, Is.EqualTo(2));
            Assert.That(loaded.NextRetryAt, Is.EqualTo(Now.AddSeconds(90)));
            Assert.That(loaded.Rollback, Is.EqualTo(new RollbackHold("r", "h")));
            Assert.That(loaded.Diagnostics, Is.EqualTo(status.Diagnostics));
            Assert.That(loaded.Outputs["web.password"], Is.EqualTo("[secret]"));
            Assert.That(loaded.Conditions, Is.EqualTo(status.Conditions));
            Assert.That(loaded.Durations, Is.EqualTo(status.Durations));
            Assert.That(File.Exists(Path.Combine(directory.Path, ".infra-gitops", "status", "dev.json")), Is.True);
        });
    }

    [Test]
    [CancelAfter(10000)]
    public async Task LoadAsync_UnknownStack_IsNull(CancellationToken cancellationToken)
    {
        using var directory = new TempDirectory();

        Assert.That(await new StatusStore(new ReconcilerPaths(directory.Path)).LoadAsync("nope", cancellationToken), Is.Null);
    }

    [Test]
    [CancelAfter(10000)]
    public async Task LoadAsync_CorruptFile_ThrowsGitOpsExceptionNamingTheFile(CancellationToken cancellationToken)
    {
        using var directory = new TempDirectory();
        var paths = new ReconcilerPaths(directory.Path);
        Directory.CreateDirectory(paths.StatusDirectory);
        await File.WriteAllTextAsync(paths.StatusFile("dev"), "{ not json", cancellationToken);

        var exception = Assert.ThrowsAsync<GitOpsException>(() => new StatusStore(paths).LoadAsync("dev", cancellationToken));

        Assert.That(exception!.Message, Does.Contain("dev.json"));
    }

    [TestCase("../etc")]
    [TestCase("Dev")]
    [TestCase("a/b")]
    [TestCase("")]
    public void StatusFile_HostileStackName_IsRefused(string stack)
    {
        using var directory = new TempDirectory();

        Assert.That(() => new ReconcilerPaths(directory.Path).StatusFile(stack), Throws.InstanceOf<ArgumentException>());
    }

    [Test]
    public void WithCondition_SameStatus_KeepsTheTransitionTime()
    {
        var first = new StackStatus { Stack = "dev" }.WithCondition(ConditionTypes.Ready, true, Reasons.ReconcileSucceeded, "one", Now);

        var same = first.WithCondition(ConditionTypes.Ready, true, Reasons.ReconcileSucceeded, "two", Now.AddHours(1));
        var flipped = same.WithCondition(ConditionTypes.Ready, false, Reasons.ApplyFailed, "three", Now.AddHours(2));

        Assert.Multiple(() =>
        {
            Assert.That(same.Condition(ConditionTypes.Ready)!.LastTransitionTime, Is.EqualTo(Now));
            Assert.That(same.Condition(ConditionTypes.Ready)!.Message, Is.EqualTo("two"));
            Assert.That(flipped.Condition(ConditionTypes.Ready)!.LastTransitionTime, Is.EqualTo(Now.AddHours(2)));
            Assert.That(flipped.Conditions, Has.Length.EqualTo(1));
        });
    }
}
