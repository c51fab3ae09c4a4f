using Infra.GitOps.Engine;
using Infra.GitOps.Engine.Planning;
using Infra.GitOps.LifecycleTests.Support;
using Infra.GitOps.Testing;
using static Infra.GitOps.LifecycleTests.Support.Values;

namespace Infra.GitOps.LifecycleTests;

public class TargetsTests
{
    [Test]
    [CancelAfter(10_000)]
    public async Task UpAsync_TargetWithDependency_CreatesOnlyTargetAndDependency()
    {
        var lifecycle = new Lifecycle();
        var graph = new GraphBuilder();
        graph.Add("net", Obj(("n", Num(1))));
        graph.Add("vm", Obj(("net", Ref(graph["net"], "id"))));
        graph.Add("other", Obj(("n", Num(1))));
        lifecycle.Options = StackOperationOptions.Default with { Plan = PlanOptions.Default with { Targets = [graph["vm"]] } };

        var result = await lifecycle.UpAsync(graph.Build());

        Assert.Multiple(() =>
        {
            Assert.That(lifecycle.Provider.CallsOf(FakeOperation.Create).Select(c => c.Urn.Name), Is.EqualTo(new[] { "net", "vm" }));
            Assert.That(result.Snapshot.Resources.Select(r => r.Urn.Name), Does.Not.Contain("other"));
        });
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task UpAsync_TargetedUpdate_UntargetedRemovalAndChangeLeftAlone()
    {
        var lifecycle = new Lifecycle();
        await lifecycle.UpAsync(new GraphBuilder().Add("a", Obj(("n", Num(1)))).Add("b", Obj(("n", Num(1)))).Add("gone", Obj(("n", Num(1)))).Build());
        lifecycle.Provider.ClearCalls();
        lifecycle.Options = StackOperationOptions.Default with { Plan = PlanOptions.Default with { Targets = [GraphBuilder.UrnOf("a")] } };

        var result = await lifecycle.UpAsync(new GraphBuilder().Add("a", Obj(("n", Num(2)))).Add("b", Obj(("n", Num(2)))).Build());

        Assert.Multiple(() =>
        {
            Assert.That(lifecycle.Provider.CallsOf(FakeOperation.Update).Select(c => c.Urn.Name), Is.EqualTo(new[] { "a" }));
            Assert.That(lifecycle.Provider.CallsOf(FakeOperation.Delete), Is.Empty);
            Assert.That(result.Snapshot.Resources.Single(r => r.Urn.Name == "b").Inputs["n"], Is.EqualTo(Num(1)));
            Assert.That(result.Snapshot.Resources.Select(r => r.Urn.Name), Does.Contain("gone"));
        });
    }
}
