using Infra.GitOps.Engine.Execution;
using Infra.GitOps.LifecycleTests.Support;
using IStateJournal = Infra.GitOps.State.IStateJournal;
using PendingOperation = Infra.GitOps.State.PendingOperation;
using ResourceState = Infra.GitOps.State.ResourceState;
using StackSnapshot = Infra.GitOps.State.StackSnapshot;
using Infra.GitOps.Testing;
using static Infra.GitOps.LifecycleTests.Support.Values;

namespace Infra.GitOps.LifecycleTests;

/// <summary>
/// A step whose begin cannot be recorded (the journal refuses it, or its sync fails) must not call its provider:
/// the step fails with the journal's error, its dependents are skipped, and independent steps go on.
/// </summary>
public class JournalFailureTests
{
    [TestCase(BeginFailure.Throws)]
    [TestCase(BeginFailure.FaultedAtOnce)]
    [TestCase(BeginFailure.FaultsLater)]
    [CancelAfter(10_000)]
    public async Task ApplyAsync_BeginNotDurable_ProviderNotCalledDependentsSkippedOthersGoOn(BeginFailure failure)
    {
        var lifecycle = new Lifecycle();
        var graph = new GraphBuilder();
        graph.Add("a", Obj(("n", Num(1))));
        graph.Add("b", Obj(("a", Ref(graph["a"], "id"))));
        graph.Add("independent", Obj(("n", Num(2))));
        graph.Add("after", Obj(("i", Ref(graph["independent"], "id"))));
        var plan = await lifecycle.PreviewAsync(graph.Build());
        var error = new IOException("no space left on device");

        ApplyResult result;
        StackSnapshot recorded;
        await using (var stackLock = await lifecycle.Store.AcquireLockAsync("dev", Lifecycle.Owner, CancellationToken.None))
        {
            var inner = await lifecycle.Store.BeginOperationAsync(stackLock, plan.Base, CancellationToken.None);
            await using var journal = new FailingBeginJournal(inner, graph["a"].Name, failure, error);
            result = await new PlanExecutor(lifecycle.Registry(), lifecycle.Clock).ApplyAsync(plan, journal, ApplyOptions.Default, CancellationToken.None);
            recorded = await journal.CompleteAsync(CancellationToken.None);
        }

        var outcomes = result.Results.ToDictionary(
            r => r.Step.Urn.Name,
            r => r switch
            {
                StepSucceeded => "succeeded",
                StepFailed f => $"failed after {f.Attempts} calls: {f.Error.Message}",
                StepSkipped s => "skipped: " + s.Reason,
                _ => "unknown",
            });
        Assert.Multiple(() =>
        {
            Assert.That(lifecycle.Provider.CallsOf(FakeOperation.Create).Select(c => c.Urn.Name), Is.EquivalentTo(new[] { "independent", "after" }));
            Assert.That(outcomes["a"], Is.EqualTo("failed after 0 calls: no space left on device"));
            Assert.That(outcomes["b"], Is.EqualTo($"skipped: create of '{graph["a"]}' failed"));
            Assert.That(outcomes["independent"], Is.EqualTo("succeeded"));
            Assert.That(outcomes["after"], Is.EqualTo("succeeded"));
            Assert.That(recorded.Resources.Select(r => r.Urn.Name), Is.EquivalentTo(new[] { "proj-dev", "independent", "after" }));
        });
    }

    public enum BeginFailure
    {
        /// <summary>The journal throws from <see cref="IStateJournal.BeginStepAsync"/> (it refused the entry).</summary>
        Throws,

        /// <summary>The begin's task has already failed (a write failed earlier).</summary>
        FaultedAtOnce,

        /// <summary>The begin's task fails after the step has parked (its sync failed).</summary>
        FaultsLater,
    }

    /// <summary>A journal that fails the begin of one resource as <see cref="BeginFailure"/> says, and records the rest.</summary>
    private sealed class FailingBeginJournal(IStateJournal inner, string failing, BeginFailure failure, Exception error) : IStateJournal
    {
        public StackSnapshot Current => inner.Current;

        public Task BeginStepAsync(PendingOperation operation, CancellationToken cancellationToken)
        {
            if (operation.Resource.Urn.Name != failing)
            {
                return inner.BeginStepAsync(operation, cancellationToken);
            }

            return failure switch
            {
                BeginFailure.Throws => throw error,
                BeginFailure.FaultedAtOnce => Task.FromException(error),
                _ => FailLaterAsync(),
            };
        }

        public Task SucceedStepAsync(PendingOperation operation, ResourceState? newState, CancellationToken cancellationToken) =>
            inner.SucceedStepAsync(operation, newState, cancellationToken);

        public Task FailStepAsync(PendingOperation operation, CancellationToken cancellationToken) => inner.FailStepAsync(operation, cancellationToken);

        public Task<StackSnapshot> CompleteAsync(CancellationToken cancellationToken) => inner.CompleteAsync(cancellationToken);

        public ValueTask DisposeAsync() => inner.DisposeAsync();

        private async Task FailLaterAsync()
        {
            await Task.Delay(20, CancellationToken.None);
            throw error;
        }
    }
}
