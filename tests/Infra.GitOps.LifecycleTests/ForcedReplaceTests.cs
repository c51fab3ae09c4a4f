using Infra.GitOps.Engine;
using Infra.GitOps.Engine.Planning;
using Infra.GitOps.LifecycleTests.Support;
using Infra.GitOps.Testing;
using static Infra.GitOps.LifecycleTests.Support.Values;

namespace Infra.GitOps.LifecycleTests;

public class ForcedReplaceTests
{
    [Test]
    [CancelAfter(10_000)]
    public async Task UpAsync_ReplaceOptionWithoutChanges_ReplacesResource()
    {
        var lifecycle = new Lifecycle();
        var graph = new GraphBuilder().Add("vm", Obj(("n", Num(1)))).Build();
        await lifecycle.UpAsync(graph);
        var oldId = (await lifecycle.StateAsync()).Resources.Single(r => r.Urn == GraphBuilder.UrnOf("vm")).Id;
        lifecycle.Provider.ClearCalls();
        lifecycle.Options = StackOperationOptions.Default with { Plan = PlanOptions.Default with { Replace = [GraphBuilder.UrnOf("vm")] } };

        var result = await lifecycle.UpAsync(graph);

        Assert.Multiple(() =>
        {
            Assert.That(result.Plan.Steps.Single(s => s.Operation == StepOperation.Replace).ForcedReplace, Is.True);
            Assert.That(lifecycle.Provider.CallsOf(FakeOperation.Create), Has.Count.EqualTo(1));
            Assert.That(lifecycle.Provider.CallsOf(FakeOperation.Delete).Single().Id, Is.EqualTo(oldId));
            Assert.That(result.Snapshot.Resources.Single(r => r.Urn == GraphBuilder.UrnOf("vm")).Id, Is.Not.EqualTo(oldId));
        });
    }
}
