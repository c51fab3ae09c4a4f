using Infra.GitOps.LifecycleTests.Support;
using Infra.GitOps.Model;
using Infra.GitOps.Testing;
using static Infra.GitOps.LifecycleTests.Support.Values;

namespace Infra.GitOps.LifecycleTests;

public class DestroyTests
{
    [Test]
    [CancelAfter(10_000)]
    public async Task DestroyAsync_Stack_DeletesEverythingDependentsFirst()
    {
        var lifecycle = new Lifecycle();
        var graph = new GraphBuilder();
        graph.Add("net", Obj(("n", Num(1))));
        graph.Add("vm", Obj(("net", Ref(graph["net"], "id"))));
        await lifecycle.UpAsync(graph.Build());
        lifecycle.Provider.ClearCalls();

        var result = await lifecycle.DestroyAsync(graph.Build());

        Assert.Multiple(() =>
        {
            Assert.That(result.Succeeded, Is.True);
            Assert.That(lifecycle.Provider.CallsOf(FakeOperation.Delete).Select(c => c.Urn.Name), Is.EqualTo(new[] { "vm", "net" }));
            Assert.That(result.Snapshot.Resources, Is.Empty);
        });
        Assert.That(await lifecycle.CloudUrnsAsync(), Is.Empty);
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task DestroyAsync_ProtectedResource_RefusedWithDiagnostic()
    {
        var lifecycle = new Lifecycle();
        var graph = new GraphBuilder().Add("db", Obj(("n", Num(1))), options: ResourceOptions.Default with { Protect = true }).Build();
        await lifecycle.UpAsync(graph);

        var result = await lifecycle.DestroyAsync(graph);

        Assert.Multiple(() =>
        {
            Assert.That(result.Plan.HasErrors, Is.True);
            Assert.That(lifecycle.Provider.CallsOf(FakeOperation.Delete), Is.Empty);
        });
    }
}
