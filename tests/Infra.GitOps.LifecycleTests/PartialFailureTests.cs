using Infra.GitOps.Engine.Execution;
using Infra.GitOps.LifecycleTests.Support;
using Infra.GitOps.Providers;
using Infra.GitOps.Testing;
using static Infra.GitOps.LifecycleTests.Support.Values;

namespace Infra.GitOps.LifecycleTests;

public class PartialFailureTests
{
    [Test]
    [CancelAfter(10_000)]
    public async Task UpAsync_StepFailsPermanently_DependentsSkippedIndependentBranchCompletes()
    {
        var lifecycle = new Lifecycle();
        lifecycle.Provider.Configure("fake:index:Broken", FakeResourceBehavior.Default with { Failures = [new FakeFailure(FakeOperation.Create, 1, Transient: false)] });
        var graph = new GraphBuilder();
        graph.Add("a", Obj(("n", Num(1))), type: "fake:index:Broken");
        graph.Add("b", Obj(("a", Ref(graph["a"], "id"))));
        graph.Add("c", Obj(("b", Ref(graph["b"], "id"))));
        graph.Add("independent", Obj(("n", Num(1))));

        var result = await lifecycle.UpAsync(graph.Build());

        var byUrn = result.Apply!.Results.ToDictionary(r => (r.Step.Urn, r.Step.Operation));
        var outcome = (StepResult r) => r switch
        {
            StepSucceeded => "succeeded",
            StepFailed f => "failed: " + f.Error.GetType().Name,
            StepSkipped s => "skipped: " + s.Reason,
            _ => "unknown",
        };
        Assert.Multiple(() =>
        {
            Assert.That(result.Succeeded, Is.False);
            Assert.That(outcome(byUrn[(graph["a"], Engine.Planning.StepOperation.Create)]), Is.EqualTo("failed: " + nameof(ProviderException)));
            Assert.That(outcome(byUrn[(graph["b"], Engine.Planning.StepOperation.Create)]), Is.EqualTo($"skipped: create of '{graph["a"]}' failed"));
            Assert.That(outcome(byUrn[(graph["c"], Engine.Planning.StepOperation.Create)]), Is.EqualTo($"skipped: create of '{graph["b"]}' was skipped"));
            Assert.That(outcome(byUrn[(graph["independent"], Engine.Planning.StepOperation.Create)]), Is.EqualTo("succeeded"));
            Assert.That(result.Snapshot.Resources.Select(r => r.Urn.Name), Is.EquivalentTo(new[] { "proj-dev", "independent" }));
            Assert.That(result.Snapshot.PendingOperations, Is.Empty, "a clean provider error clears the pending operation");
        });
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task UpAsync_AfterFailureFixed_NextRunCreatesTheRest()
    {
        var lifecycle = new Lifecycle();
        lifecycle.Provider.Configure("fake:index:Broken", FakeResourceBehavior.Default with { Failures = [new FakeFailure(FakeOperation.Create, 1, Transient: false)] });
        var graph = new GraphBuilder();
        graph.Add("a", Obj(("n", Num(1))), type: "fake:index:Broken");
        graph.Add("b", Obj(("a", Ref(graph["a"], "id"))));
        await lifecycle.UpAsync(graph.Build());

        var second = await lifecycle.UpAsync(graph.Build());

        Assert.Multiple(() =>
        {
            Assert.That(second.Succeeded, Is.True);
            Assert.That(second.Snapshot.Resources.Select(r => r.Urn.Name), Is.EquivalentTo(new[] { "proj-dev", "a", "b" }));
        });
    }
}
