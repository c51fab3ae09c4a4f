using Infra.GitOps.LifecycleTests.Support;
using Infra.GitOps.Testing;
using static Infra.GitOps.LifecycleTests.Support.Values;

namespace Infra.GitOps.LifecycleTests;

public class ComponentTests
{
    [Test]
    [CancelAfter(10_000)]
    public async Task UpAsync_ComponentWithChild_NoProviderCallForComponentAndRecorded()
    {
        var lifecycle = new Lifecycle();
        var graph = new GraphBuilder();
        graph.Add("web", type: "infra:index:VirtualMachine", custom: false);
        graph.Add("web-0", Obj(("n", Num(1))), parent: "web");

        var result = await lifecycle.UpAsync(graph.Build());

        var component = result.Snapshot.Resources.Single(r => r.Urn == graph["web"]);
        var child = result.Snapshot.Resources.Single(r => r.Urn == graph["web-0"]);
        Assert.Multiple(() =>
        {
            Assert.That(lifecycle.Provider.Calls.Select(c => c.Urn), Does.Not.Contain(graph["web"]));
            Assert.That(component.Custom, Is.False);
            Assert.That(component.Id, Is.Null);
            Assert.That(child.Parent, Is.EqualTo(graph["web"]));
            Assert.That(graph["web-0"].Value, Does.Contain("infra:index:VirtualMachine$fake:index:Thing"));
        });

        var destroyed = await lifecycle.DestroyAsync(graph.Build());
        Assert.That(destroyed.Snapshot.Resources, Is.Empty);
        Assert.That(lifecycle.Provider.CallsOf(FakeOperation.Delete).Select(c => c.Urn), Is.EqualTo(new[] { graph["web-0"] }));
    }
}
