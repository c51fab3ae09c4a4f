using Infra.GitOps.Engine.Planning;
using Infra.GitOps.LifecycleTests.Support;
using Infra.GitOps.Testing;
using static Infra.GitOps.LifecycleTests.Support.Values;

namespace Infra.GitOps.LifecycleTests;

public class DeleteOrderTests
{
    [Test]
    [CancelAfter(10_000)]
    public async Task UpAsync_ChainRemoved_DeletesDependentsFirst()
    {
        var lifecycle = new Lifecycle();
        var graph = new GraphBuilder();
        graph.Add("a", Obj(("n", Num(1))));
        graph.Add("b", Obj(("a", Ref(graph["a"], "id"))));
        graph.Add("c", Obj(("b", Ref(graph["b"], "id"))));
        graph.Add("keep", Obj(("n", Num(1))));
        await lifecycle.UpAsync(graph.Build());
        lifecycle.Provider.ClearCalls();

        var result = await lifecycle.UpAsync(new GraphBuilder().Add("keep", Obj(("n", Num(1)))).Build());

        Assert.Multiple(() =>
        {
            Assert.That(lifecycle.Provider.CallsOf(FakeOperation.Delete).Select(c => c.Urn.Name), Is.EqualTo(new[] { "c", "b", "a" }));
            Assert.That(result.Plan.ChangeSummary[StepOperation.Delete], Is.EqualTo(3));
            Assert.That(result.Snapshot.Resources.Select(r => r.Urn.Name), Is.EquivalentTo(new[] { "proj-dev", "keep" }));
        });
        Assert.That(await lifecycle.CloudUrnsAsync(), Is.EqualTo(new[] { GraphBuilder.UrnOf("keep").Value }));
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task PlanAsync_ChainRemoved_DeleteStepsDependOnDependentsDeletes()
    {
        var lifecycle = new Lifecycle();
        var graph = new GraphBuilder();
        graph.Add("a", Obj(("n", Num(1))));
        graph.Add("b", Obj(("a", Ref(graph["a"], "id"))));
        await lifecycle.UpAsync(graph.Build());

        var plan = await lifecycle.PreviewAsync(new GraphBuilder().Build());

        var deleteA = plan.Steps.Single(s => s.Operation == StepOperation.Delete && s.Urn == graph["a"]);
        var deleteB = plan.Steps.Single(s => s.Operation == StepOperation.Delete && s.Urn == graph["b"]);
        Assert.That(deleteA.DependsOn, Does.Contain(deleteB.Index));
    }
}
